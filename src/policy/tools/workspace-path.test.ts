import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveWorkspacePath, workspaceRelative } from './workspace-path';

describe('resolveWorkspacePath', () => {
  it('resolves relative paths under /workspace', () => {
    assert.deepEqual(resolveWorkspacePath('src/a.ts'), { ok: true, path: { absolute: '/workspace/src/a.ts', relative: 'src/a.ts' } });
  });
  it('normalises dots, double slashes and trailing slashes', () => {
    assert.deepEqual(resolveWorkspacePath('./src//lib/../a/'), { ok: true, path: { absolute: '/workspace/src/a', relative: 'src/a' } });
    assert.deepEqual(resolveWorkspacePath('/workspace/'), { ok: true, path: { absolute: '/workspace', relative: '.' } });
    assert.deepEqual(resolveWorkspacePath('.'), { ok: true, path: { absolute: '/workspace', relative: '.' } });
  });
  it('refuses escapes through ..', () => {
    for (const p of ['..', '../x', 'a/../../x', '/workspace/..', '/workspace/a/../../etc']) assert.equal(resolveWorkspacePath(p).ok, false, p);
  });
  it('refuses look-alike prefixes', () => {
    assert.equal(resolveWorkspacePath('/workspacex/a').ok, false);
  });
});

describe('workspaceRelative', () => {
  it('resolves against the cwd and returns undefined outside the workspace', () => {
    assert.equal(workspaceRelative('.git/config'), '.git/config');
    assert.equal(workspaceRelative('../.git/config', '/workspace/src'), '.git/config');
    assert.equal(workspaceRelative('/etc/passwd'), undefined);
    assert.equal(workspaceRelative('~/.bashrc'), undefined);
  });
});
