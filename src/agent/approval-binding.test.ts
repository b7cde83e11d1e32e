import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { commandBinding, editBinding } from '../approvals';
import { bindingSha256 } from './approval-binding';

// The loop and the approval queue must agree on what an approval binds.
describe('bindingSha256', () => {
  it('matches the approval queue\'s command binding', () => {
    const s = { kind: 'command', commandLine: 'ls', argv: ['bash', '-lc', 'ls'], cwd: '/workspace', env: { A: '1' }, containerId: 'c', imageId: 'i' } as const;
    assert.equal(bindingSha256(s), commandBinding(s));
  });

  it('matches the approval queue\'s edit binding, new files included', () => {
    const s = { kind: 'edit', path: 'a.txt', before: null, beforeSha256: null, after: 'x', afterSha256: 'f'.repeat(64), protectedPath: false } as const;
    assert.equal(bindingSha256(s), editBinding({ path: 'a.txt', beforeSha256: null, afterSha256: 'f'.repeat(64) }));
  });

  it('changes when anything bound changes', () => {
    const base = { kind: 'command', commandLine: 'ls', argv: ['bash', '-lc', 'ls'], cwd: '/workspace', env: {}, containerId: 'c', imageId: 'i' } as const;
    assert.notEqual(bindingSha256(base), bindingSha256({ ...base, containerId: 'd' }));
    assert.notEqual(bindingSha256(base), bindingSha256({ ...base, argv: ['bash', '-lc', 'ls -a'] }));
  });
});
