import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExecResult } from '../sandbox';
import { ApprovalMismatchError } from './approval-mismatch-error';
import { manualApprovalClock } from './approval-clock';
import { ApprovalQueue } from './approval-queue';
import { commandRequest, owner } from './approval-test-fixtures';
import type { CommandSandbox } from './approved-command';
import { commandSubject, runApprovedCommand } from './approved-command';

const ok: ExecResult = { exitCode: 0, signal: null, stdout: 'done\n', stderr: '', durationMs: 1, timedOut: false, truncated: false, cancelled: false, oomKilled: false };

/** A stand-in for the container: its id and image as status reports them, and the requests it ran. */
function sandboxAt(containerId: string, image: string): CommandSandbox & { ran: unknown[] } {
  const ran: unknown[] = [];
  return { ran, status: async () => ({ containerId, image }), exec: async (request) => (ran.push(request), ok) };
}

async function approved(line = 'make deploy') {
  const queue = new ApprovalQueue({ clock: manualApprovalClock() });
  const { item } = await queue.submit(commandRequest(line));
  const result = await queue.answer(item.id, { verdict: 'approve' }, owner);
  assert.ok(result.ok);
  return result.item;
}

describe('running an approved command', () => {
  it('runs it in the container it was approved for', async () => {
    const sandbox = sandboxAt('c1', 'sha256:i1');
    assert.equal((await runApprovedCommand(await approved(), sandbox)).exitCode, 0);
    assert.deepEqual(sandbox.ran, [{ argv: ['bash', '-c', 'make deploy'], cwd: '/workspace', env: {} }]);
  });

  it('runs nothing when the container was recreated since the approval', async () => {
    const sandbox = sandboxAt('c2', 'sha256:i1');
    await assert.rejects(runApprovedCommand(await approved(), sandbox), (err: unknown) => err instanceof ApprovalMismatchError && err.changed.join() === 'containerId');
    assert.deepEqual(sandbox.ran, []);
  });

  it('runs nothing when the image changed since the approval', async () => {
    const sandbox = sandboxAt('c1', 'sha256:i2');
    await assert.rejects(runApprovedCommand(await approved(), sandbox), (err: unknown) => err instanceof ApprovalMismatchError && err.changed.join() === 'imageId');
    assert.deepEqual(sandbox.ran, []);
  });

  it('runs nothing that is not approved', async () => {
    const queue = new ApprovalQueue({ clock: manualApprovalClock() });
    const { item } = await queue.submit(commandRequest());
    const sandbox = sandboxAt('c1', 'sha256:i1');
    await assert.rejects(runApprovedCommand(item, sandbox), ApprovalMismatchError);
    assert.deepEqual(sandbox.ran, []);
  });
});

describe('the subject of a run_command call', () => {
  it('is bash -c in the absolute cwd of the container status names', () => {
    assert.deepEqual(commandSubject({ command: 'ls', cwd: 'src' }, { containerId: 'c', image: 'i' }), {
      kind: 'command', commandLine: 'ls', argv: ['bash', '-c', 'ls'], cwd: '/workspace/src', env: {}, containerId: 'c', imageId: 'i',
    });
  });

  it('cannot be made without a container to bind to', () => {
    assert.throws(() => commandSubject({ command: 'ls' }, { containerId: null, image: null }), /no container/);
  });
});
