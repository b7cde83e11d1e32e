import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bindingSha256, commandBinding, editBinding } from '../approvals';
import { bindingSha256 as loopBinding } from './approval-binding';

// The loop and the approval queue bind with one function; these pin its form (binding v1).
describe('the binding the loop checks', () => {
  it('is the approvals model\'s own function', () => {
    assert.equal(loopBinding, bindingSha256);
  });

  it('binds a command\'s argv, cwd, env, container and image', () => {
    const s = { kind: 'command', commandLine: 'ls', argv: ['bash', '-c', 'ls'], cwd: '/workspace', env: { A: '1' }, containerId: 'c', imageId: 'i' } as const;
    assert.equal(loopBinding(s), commandBinding(s));
  });

  it('binds an edit\'s path, the hash of the bytes before and the content after, new files included', () => {
    const s = { kind: 'edit', path: 'a.txt', before: null, beforeSha256: null, after: 'x', afterSha256: 'ignored: the content is hashed', protectedPath: false } as const;
    assert.equal(loopBinding(s), editBinding({ path: 'a.txt', beforeSha256: null, afterContent: 'x' }));
  });

  it('changes when anything bound changes', () => {
    const base = { kind: 'command', commandLine: 'ls', argv: ['bash', '-c', 'ls'], cwd: '/workspace', env: {}, containerId: 'c', imageId: 'i' } as const;
    assert.notEqual(loopBinding(base), loopBinding({ ...base, containerId: 'd' }));
    assert.notEqual(loopBinding(base), loopBinding({ ...base, argv: ['bash', '-c', 'ls -a'] }));
  });
});
