import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApprovalRequest, Approver, CommandApprovalSubject, EditApprovalSubject } from '../../agent';
import { bindingSha256 } from '../../agent';
import type { ApprovalItem, EditFiles } from '../../approvals';
import { ApprovalQueue, EditReview, manualApprovalClock } from '../../approvals';
import { ownerCaller } from '../../core/caller';
import { sha256Hex } from '../../core/hash';
import type { Decision, Explanation } from '../../policy';
import { queueApprover } from './queue-approver';

const owner = ownerCaller('editor');
const chatOwner = ownerCaller('chat');
const decision: Decision = { decision: 'ask', rule: 'unmatched', source: 'builtin', reasons: ['not covered by any rule'], subcommands: [], dryRun: false };
const explanation = { decision, call: undefined, profile: 'owner', mode: 'ask-risky', modeSource: 'builtin', subcommands: [], findings: [], notices: [] } as unknown as Explanation;

function request(subject: CommandApprovalSubject | EditApprovalSubject, extra: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    callId: 'toolu_1', sessionId: 's', workspace: '/w', caller: chatOwner, toolCall: { tool: subject.kind === 'command' ? 'run_command' : 'write_file', args: {} },
    subject, decision, explanation, bindingSha256: bindingSha256(subject), ...extra,
  };
}

const command: CommandApprovalSubject = { kind: 'command', commandLine: 'make', argv: ['bash', '-c', 'make'], cwd: '/workspace', env: {}, containerId: 'c', imageId: 'i' };
const edit: EditApprovalSubject = { kind: 'edit', path: 'a.txt', before: 'one\n', beforeSha256: sha256Hex('one\n'), after: 'two\n', afterSha256: sha256Hex('two\n'), protectedPath: false };
const refuseFallback: Approver = { requestApproval: async () => ({ status: 'rejected', by: 'fallback', surface: 'chat' }) };

function memoryFiles(files: Map<string, string>): EditFiles {
  return {
    sha256: async (p) => (files.has(p) ? sha256Hex(files.get(p) as string) : null),
    write: async (p, content) => (files.set(p, content), sha256Hex(content)),
    remove: async (p) => void files.delete(p),
  };
}

/** Waits until the queue holds a pending item and returns it. */
async function nextItem(queue: ApprovalQueue): Promise<ApprovalItem> {
  for (;;) {
    const item = queue.pending()[0];
    if (item) return item;
    await new Promise((r) => setTimeout(r, 1));
  }
}

describe('queueApprover', () => {
  it('queues an agent command like a proposed one and answers the agent with the owner\'s approval', async () => {
    const queue = new ApprovalQueue({ timeoutSeconds: 0, clock: manualApprovalClock(5) });
    const shown: ApprovalItem[] = [];
    const approver = queueApprover({ queue, fallback: refuseFallback, show: (i) => shown.push(i) });
    const answer = approver.requestApproval(request(command), new AbortController().signal);
    const item = await nextItem(queue);
    assert.equal(item.toolCall.callId, 'toolu_1');
    assert.equal(item.executor, 'requester');
    assert.equal(item.binding, bindingSha256(command));
    assert.deepEqual(shown.map((i) => i.id), [item.id]);
    assert.equal((await queue.answer(item.id, { verdict: 'approve' }, owner)).ok, true);
    assert.deepEqual(await answer, { status: 'approved', by: 'owner', surface: 'editor', at: 5, scope: 'once', approvalId: item.id });
    queue.dispose();
  });

  it('passes the owner\'s rejection note to the agent', async () => {
    const queue = new ApprovalQueue({ timeoutSeconds: 0, clock: manualApprovalClock(5) });
    const answer = queueApprover({ queue, fallback: refuseFallback }).requestApproval(request(command), new AbortController().signal);
    const item = await nextItem(queue);
    await queue.answer(item.id, { verdict: 'reject', note: 'use make test' }, owner);
    assert.deepEqual(await answer, { status: 'rejected', by: 'owner', surface: 'editor', at: 5, approvalId: item.id, note: 'use make test' });
    queue.dispose();
  });

  it('tells the loop an edit accepted hunk by hunk is already written', async () => {
    const queue = new ApprovalQueue({ timeoutSeconds: 0 });
    const files = new Map([['a.txt', 'one\n']]);
    const review = new EditReview(queue, () => memoryFiles(files));
    const answer = queueApprover({ queue, fallback: refuseFallback }).requestApproval(request(edit), new AbortController().signal);
    const item = await nextItem(queue);
    assert.equal((await review.accept(item.id, owner)).ok, true);
    assert.equal(files.get('a.txt'), 'two\n');
    const outcome = await answer;
    assert.equal(outcome.status, 'approved');
    assert.deepEqual(outcome.status === 'approved' ? outcome.written : undefined, { sha256: sha256Hex('two\n') });
    queue.dispose();
  });

  it('queues an edit of a file with a byte-order mark, bound to the file\'s bytes, and the review writes it', async () => {
    const queue = new ApprovalQueue({ timeoutSeconds: 0 });
    const onDisk = new Map([['a.txt', '\ufeffone\n']]);
    const files: EditFiles = { ...memoryFiles(onDisk), write: async (p, content) => (onDisk.set(p, content), sha256Hex(content)) };
    const review = new EditReview(queue, () => files);
    // The agent reads the text without the mark but hashes the bytes with it.
    const bom: EditApprovalSubject = { ...edit, beforeSha256: sha256Hex('\ufeffone\n') };
    const answer = queueApprover({ queue, fallback: refuseFallback }).requestApproval(request(bom), new AbortController().signal);
    const item = await nextItem(queue);
    assert.equal((await review.accept(item.id, owner)).ok, true);
    assert.equal((await answer).status, 'approved');
    queue.dispose();
  });

  it('cancels the queued item when the task is cancelled', async () => {
    const queue = new ApprovalQueue({ timeoutSeconds: 0 });
    const abort = new AbortController();
    const answer = queueApprover({ queue, fallback: refuseFallback }).requestApproval(request(command), abort.signal);
    const item = await nextItem(queue);
    abort.abort();
    assert.equal((await answer).status, 'cancelled');
    assert.equal(queue.get(item.id)?.status, 'cancelled');
    queue.dispose();
  });

  it('refuses to queue a subject whose binding is not what the loop would run', async () => {
    const queue = new ApprovalQueue({ timeoutSeconds: 0 });
    const outcome = await queueApprover({ queue, fallback: refuseFallback }).requestApproval(request(command, { bindingSha256: 'f'.repeat(64) }), new AbortController().signal);
    assert.equal(outcome.status, 'cancelled');
    assert.equal(queue.pending().length, 0);
    queue.dispose();
  });

  it('always shows why automatic approval is suspended when the turn is tainted', async () => {
    const queue = new ApprovalQueue({ timeoutSeconds: 0 });
    const abort = new AbortController();
    const answer = queueApprover({ queue, fallback: refuseFallback }).requestApproval(request(command, { taint: 'a web page was read' }), abort.signal);
    const item = await nextItem(queue);
    assert.match(item.decision.reasons[0] ?? '', /suspended: a web page was read/);
    abort.abort();
    await answer;
    queue.dispose();
  });

  it('hands reads (ask-all mode) to the fallback', async () => {
    const queue = new ApprovalQueue({ timeoutSeconds: 0 });
    const read = { kind: 'read', tool: 'read_file', path: 'a.txt', args: { path: 'a.txt' } } as const;
    const outcome = await queueApprover({ queue, fallback: refuseFallback }).requestApproval(
      { ...request(command), subject: read, bindingSha256: bindingSha256(read) }, new AbortController().signal);
    assert.equal(outcome.status, 'rejected');
    assert.equal(queue.pending().length, 0);
    queue.dispose();
  });
});
