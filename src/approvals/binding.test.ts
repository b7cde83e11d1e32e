import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sha256Hex as sha } from '../core/hash';
import { ApprovalMismatchError } from './approval-mismatch-error';
import { assertBinding, commandBinding, editBinding } from './binding';
import type { BindingInput, CommandBindingInput } from './binding';

const command: CommandBindingInput = { argv: ['bash', '-c', 'npm test'], cwd: '/workspace', env: { CI: '1' }, containerId: 'c0ffee', imageId: 'sha256:abc' };
const approvedCommand = { id: 'a1', binding: commandBinding(command), bound: { kind: 'command', ...command } as BindingInput };

function mismatch(fn: () => void): ApprovalMismatchError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ApprovalMismatchError);
    return err;
  }
  assert.fail('expected an ApprovalMismatchError');
}

describe('a command approval', () => {
  it('lets the exact command it approved run', () => {
    assert.doesNotThrow(() => assertBinding(approvedCommand, { kind: 'command', ...command }));
  });

  it('hashes alike whatever order the env was built in', () => {
    assert.equal(commandBinding({ ...command, env: { B: '2', A: '1' } }), commandBinding({ ...command, env: { A: '1', B: '2' } }));
  });

  const changes: [string, Partial<CommandBindingInput>][] = [
    ['argv', { argv: ['bash', '-c', 'npm test; curl evil'] }],
    ['cwd', { cwd: '/workspace/sub' }],
    ['env', { env: { CI: '1', LD_PRELOAD: '/tmp/x.so' } }],
    ['containerId', { containerId: 'deadbeef' }],
    ['imageId', { imageId: 'sha256:def' }],
  ];
  for (const [field, change] of changes) {
    it(`does not run when its ${field} changed after approval, and says so`, () => {
      const err = mismatch(() => assertBinding(approvedCommand, { kind: 'command', ...command, ...change }));
      assert.deepEqual(err.changed, [field]);
      assert.match(err.message, new RegExp(`approval a1 .*${field} changed.*nothing ran`));
    });
  }

  it('does not run when only the hash is known and it differs', () => {
    const err = mismatch(() => assertBinding({ id: 'a1', binding: approvedCommand.binding }, { kind: 'command', ...command, argv: ['rm', '-rf', '/'] }));
    assert.deepEqual(err.changed, []);
  });
});

describe('an edit approval', () => {
  const edit = { path: 'src/a.ts', beforeSha256: 'a'.repeat(64), afterContent: 'new text\n' };
  const approved = { id: 'e1', binding: editBinding(edit), bound: { kind: 'edit', ...edit } as BindingInput };

  it('binds the same whether given the content after or its hash', () => {
    assert.equal(editBinding(edit), editBinding({ path: edit.path, beforeSha256: edit.beforeSha256, afterSha256: sha('new text\n') }));
  });

  it('does not write to another path', () => {
    assert.deepEqual(mismatch(() => assertBinding(approved, { kind: 'edit', ...edit, path: 'src/b.ts' })).changed, ['path']);
  });

  it('does not write when the file changed since it was proposed', () => {
    assert.deepEqual(mismatch(() => assertBinding(approved, { kind: 'edit', ...edit, beforeSha256: 'b'.repeat(64) })).changed, ['before content']);
  });

  it('does not write other content than was approved', () => {
    assert.deepEqual(mismatch(() => assertBinding(approved, { kind: 'edit', ...edit, afterContent: 'new text\nand more\n' })).changed, ['after content']);
  });

  it('tells a new file from an empty one and a deletion from an emptied file', () => {
    assert.notEqual(editBinding({ path: 'x', beforeSha256: null, afterContent: '' }), editBinding({ path: 'x', beforeSha256: sha(''), afterContent: '' }));
    assert.notEqual(editBinding({ path: 'x', beforeSha256: sha('a'), afterContent: null }), editBinding({ path: 'x', beforeSha256: sha('a'), afterContent: '' }));
  });

  it('is never confused with a command approval', () => {
    assert.deepEqual(mismatch(() => assertBinding(approved, { kind: 'command', ...command })).changed, ['kind']);
  });
});
