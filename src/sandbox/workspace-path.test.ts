import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PathEscapeError, SandboxError } from '../core/errors';
import { resolveInWorkspace, toContainerPath, toWorkspaceRelative, workspaceSegments } from './workspace-path';

describe('toWorkspaceRelative', () => {
  const accepted: [string, string][] = [
    ['src/a.ts', 'src/a.ts'],
    ['./src//a.ts', 'src/a.ts'],
    ['src/./lib/../a.ts', 'src/a.ts'],
    ['src/', 'src'],
    ['.', '.'],
    ['./', '.'],
    ['/workspace', '.'],
    ['/workspace/', '.'],
    ['/workspace/src/a.ts', 'src/a.ts'],
    ['/workspace//src/../b', 'b'],
    ['/workspace/../workspace/x', 'x'],
    ['a/..', '.'],
    ['~/notes', '~/notes'],
    ['file:name', 'file:name'],
    ['.git/config', '.git/config'],
  ];
  for (const [input, expected] of accepted) {
    it(`maps ${JSON.stringify(input)} to ${JSON.stringify(expected)}`, () => {
      assert.equal(toWorkspaceRelative(input), expected);
    });
  }

  const refused: [string, string, RegExp][] = [
    ['an empty path', '', /empty/],
    ['a NUL byte', 'a\0b', /NUL/],
    ['.. that leaves the root', '..', /climbs above/],
    ['.. hidden after a name', 'src/../../etc/passwd', /climbs above/],
    ['.. that leaves the root from an absolute path', '/workspace/../etc/passwd', /must be under \/workspace/],
    ['an absolute path elsewhere', '/etc/passwd', /must be under \/workspace/],
    ['a sibling that only shares the prefix', '/workspacefoo/x', /must be under \/workspace/],
    ['the filesystem root', '/', /must be under \/workspace/],
    ['a Windows drive path', 'C:\\Windows\\system32', /backslash|drive/],
    ['a Windows drive path with slashes', 'c:/Windows', /drive/],
    ['a drive-relative Windows path', 'C:foo', /drive/],
    ['a UNC path', '\\\\server\\share\\x', /backslash/],
    ['a UNC path with forward slashes', '//server/share/x', /UNC/],
    ['a backslash traversal', '..\\..\\etc\\passwd', /backslash/],
    ['a backslash hidden in a name', 'src\\..\\..\\x', /backslash/],
    ['a file URL', 'file:///etc/passwd', /URL/],
    ['a path longer than PATH_MAX', 'a/'.repeat(3000), /longer than/],
  ];
  for (const [what, input, reason] of refused) {
    it(`refuses ${what}`, () => {
      assert.throws(() => toWorkspaceRelative(input), (error: unknown) => {
        assert.ok(error instanceof PathEscapeError);
        assert.match(error.message, reason);
        return true;
      });
    });
  }

  it('refuses a value that is not a string', () => {
    assert.throws(() => toWorkspaceRelative(42 as unknown as string), PathEscapeError);
  });

  it('never returns a path that starts with .. or /', () => {
    const samples = ['a/b/../../..', '/workspace/a/../..', './../x', 'a/../../b', '/workspace/./../x'];
    for (const sample of samples) {
      let result: string | undefined;
      try {
        result = toWorkspaceRelative(sample);
      } catch (error) {
        assert.ok(error instanceof PathEscapeError);
        continue;
      }
      assert.ok(!result.startsWith('..') && !result.startsWith('/'), `${sample} -> ${result}`);
    }
  });
});

describe('workspace path helpers', () => {
  it('splits the root into no names', () => {
    assert.deepEqual(workspaceSegments('.'), []);
    assert.deepEqual(workspaceSegments('a/b'), ['a', 'b']);
  });

  it('shows paths as the container sees them', () => {
    assert.equal(toContainerPath('.'), '/workspace');
    assert.equal(toContainerPath('a/b'), '/workspace/a/b');
  });
});

describe('resolveInWorkspace', () => {
  async function fixture() {
    const base = await realpath(await mkdtemp(join(tmpdir(), 'clawdock-resolve-')));
    const root = join(base, 'ws');
    await mkdir(join(root, 'src/lib'), { recursive: true });
    await writeFile(join(root, 'src/lib/a.ts'), 'a');
    return { base, root, paths: { real: root, given: root } };
  }
  const resolveAs = (paths: { real: string; given: string }, p: string, followFinal = true) =>
    resolveInWorkspace(paths, p, toWorkspaceRelative(p), { followFinal, missing: 'none' });

  it('follows a relative symlink that stays inside', async () => {
    const { base, root, paths } = await fixture();
    try {
      await symlink('src/lib', join(root, 'lib'));
      assert.deepEqual((await resolveAs(paths, 'lib/a.ts')).segments, ['src', 'lib', 'a.ts']);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });

  it('maps an absolute symlink to /workspace onto the workspace root', async () => {
    const { base, root, paths } = await fixture();
    try {
      await symlink('/workspace/src/lib/a.ts', join(root, 'a-link'));
      assert.deepEqual((await resolveAs(paths, 'a-link')).segments, ['src', 'lib', 'a.ts']);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });

  it('applies .. inside a link target to the resolved directory', async () => {
    const { base, root, paths } = await fixture();
    try {
      await symlink('../lib/a.ts', join(root, 'src/lib/up'));
      assert.deepEqual((await resolveAs(paths, 'src/lib/up')).segments, ['src', 'lib', 'a.ts']);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });

  it('leaves a final symlink alone when asked not to follow it', async () => {
    const { base, root, paths } = await fixture();
    try {
      await symlink('/etc', join(root, 'etc'));
      assert.deepEqual((await resolveAs(paths, 'etc', false)).segments, ['etc']);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });

  it('reports a missing file as not found rather than as an escape', async () => {
    const { base, paths } = await fixture();
    try {
      await assert.rejects(resolveAs(paths, 'src/missing.ts'), SandboxError);
      const created = await resolveInWorkspace(paths, 'new/dir/f', 'new/dir/f', { followFinal: true, missing: 'parents' });
      assert.deepEqual(created, { segments: ['new', 'dir', 'f'], missing: 3 });
      await assert.rejects(resolveInWorkspace(paths, 'new/dir/f', 'new/dir/f', { followFinal: true, missing: 'final' }), /no such file/);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
