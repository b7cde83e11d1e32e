import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ApprovalAuditEvent } from './approval-audit';
import { manualApprovalClock } from './approval-clock';
import { ApprovalQueue } from './approval-queue';
import { memoryApprovalStore } from './approval-store';
import { commandRequest, editRequest, owner, paired } from './approval-test-fixtures';
import { JsonFileApprovalStore } from './json-file-store';

function ids() {
  let n = 0;
  return () => `ap-${++n}`;
}

describe('answering an approval', () => {
  it('tells the requester the owner approved, with the surface and note', async () => {
    const queue = new ApprovalQueue({ clock: manualApprovalClock(1000), newId: ids() });
    const { item, outcome } = await queue.submit(commandRequest());
    assert.equal(item.status, 'pending');
    assert.equal(item.expiresAt, 1000 + 600_000);
    const result = await queue.answer(item.id, { verdict: 'approve', note: ' ship it ' }, owner);
    assert.equal(result.ok, true);
    assert.deepEqual(await outcome, { status: 'approved', by: 'owner', surface: 'editor', at: 1000, scope: 'once', note: 'ship it', approvalId: item.id });
    assert.equal(queue.pending().length, 0);
    assert.equal(queue.get(item.id)?.status, 'approved');
  });

  it('passes the reason on when the owner rejects', async () => {
    const queue = new ApprovalQueue({ clock: manualApprovalClock(), newId: ids() });
    const { item, outcome } = await queue.submit(commandRequest());
    await queue.answer(item.id, { verdict: 'reject', note: 'not on a Friday' }, owner);
    assert.deepEqual(await outcome, { status: 'rejected', by: 'owner', surface: 'editor', at: 0, note: 'not on a Friday', approvalId: item.id });
  });

  it('refuses an answer from anyone but the owner, and the item stays pending', async () => {
    const queue = new ApprovalQueue({ clock: manualApprovalClock(), newId: ids() });
    const { item } = await queue.submit(commandRequest('make deploy', paired));
    const result = await queue.answer(item.id, { verdict: 'approve' }, paired);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /only the owner may answer approvals; telegram:42 \(paired, via gateway\)/);
    assert.equal(queue.get(item.id)?.status, 'pending');
  });

  it('takes one answer only', async () => {
    const queue = new ApprovalQueue({ clock: manualApprovalClock(), newId: ids() });
    const { item } = await queue.submit(commandRequest());
    const [first, second] = await Promise.all([queue.answer(item.id, { verdict: 'approve' }, owner), queue.answer(item.id, { verdict: 'reject' }, owner)]);
    assert.equal(first.ok, true);
    assert.equal(second.ok, false);
  });

  it('refuses to approve an edit without writing it', async () => {
    const queue = new ApprovalQueue({ clock: manualApprovalClock(), newId: ids() });
    const { item } = await queue.submit(editRequest('a.txt', 'a\n', 'b\n'));
    const result = await queue.answer(item.id, { verdict: 'approve' }, owner);
    assert.equal(result.ok, false);
  });

  it('refuses an item whose subject no longer matches its binding', async () => {
    const store = memoryApprovalStore();
    const queue = new ApprovalQueue({ clock: manualApprovalClock(), newId: ids(), store });
    await queue.submit(commandRequest('ls'));
    const [saved] = store.saved;
    assert.ok(saved);
    const tampered = new ApprovalQueue({ clock: manualApprovalClock(), store: memoryApprovalStore([{ ...saved, subject: { ...saved.subject, argv: ['rm', '-rf', '/'] } as never }]) });
    const [restored] = await tampered.restore();
    const result = await tampered.answer(restored!.id, { verdict: 'approve' }, owner);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /no longer matches its binding/);
  });
});

describe('expiry', () => {
  it('counts an unanswered approval as expired after the timeout, and nothing can approve it later', async () => {
    const clock = manualApprovalClock(0);
    const queue = new ApprovalQueue({ clock, timeoutSeconds: 60, newId: ids() });
    const { item, outcome } = await queue.submit(commandRequest());
    clock.advance(59_999);
    assert.equal(queue.get(item.id)?.status, 'pending');
    clock.advance(1);
    assert.deepEqual(await outcome, { status: 'expired', at: 60_000, afterMs: 60_000 });
    const late = await queue.answer(item.id, { verdict: 'approve' }, owner);
    assert.equal(late.ok, false);
  });

  it('never expires with a timeout of 0', async () => {
    const clock = manualApprovalClock(0);
    const queue = new ApprovalQueue({ clock, timeoutSeconds: 0, newId: ids() });
    const { item } = await queue.submit(commandRequest());
    assert.equal(item.expiresAt, null);
    clock.advance(365 * 24 * 3600 * 1000);
    assert.equal(queue.get(item.id)?.status, 'pending');
  });

  it('records the expiry even when nobody looks', async () => {
    const clock = manualApprovalClock(0);
    const events: ApprovalAuditEvent[] = [];
    const queue = new ApprovalQueue({ clock, timeoutSeconds: 5, newId: ids(), record: async (e) => void events.push(e) });
    const { outcome } = await queue.submit(commandRequest());
    clock.advance(5000);
    await outcome;
    assert.deepEqual(events.map((e) => e.type), ['approval-requested', 'approval-expired']);
  });
});

describe('the audit', () => {
  it('records the request before the item exists and the answer before it takes effect', async () => {
    const events: ApprovalAuditEvent[] = [];
    const queue = new ApprovalQueue({ clock: manualApprovalClock(), newId: ids(), record: async (e) => void events.push(e) });
    const { item } = await queue.submit(commandRequest('make\u202Edeploy'));
    await queue.answer(item.id, { verdict: 'approve', scope: 'always' }, owner);
    assert.equal(events[0]?.type, 'approval-requested');
    assert.match(events[0]?.type === 'approval-requested' ? events[0].summary : '', /make\\u\{202E\}deploy/);
    assert.deepEqual(events[1], { type: 'approval-answered', approvalId: 'ap-1', answer: 'approved-always', by: 'owner', surface: 'editor' });
  });

  it('does not take an answer the audit log could not record', async () => {
    let fail = false;
    const queue = new ApprovalQueue({ clock: manualApprovalClock(), newId: ids(), record: async () => { if (fail) throw new Error('disk full'); } });
    const { item } = await queue.submit(commandRequest());
    fail = true;
    const result = await queue.answer(item.id, { verdict: 'approve' }, owner);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /disk full/);
    assert.equal(queue.get(item.id)?.status, 'pending');
  });

  it('refuses to queue what it could not record', async () => {
    const queue = new ApprovalQueue({ clock: manualApprovalClock(), record: async () => { throw new Error('read-only'); } });
    await assert.rejects(queue.submit(commandRequest()), /read-only/);
    assert.equal(queue.pending().length, 0);
  });
});

describe('surviving a window reload', () => {
  it('round-trips pending items through a 0600 JSON file and drops them once answered', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clawdock-approvals-'));
    try {
      const store = new JsonFileApprovalStore(join(dir, 'state', 'approvals.json'));
      const clock = manualApprovalClock(0);
      const first = new ApprovalQueue({ store, clock, newId: ids() });
      const { item } = await first.submit(commandRequest('make deploy'));
      await first.submit(editRequest('a.txt', 'a\n', 'b\n'));
      first.dispose();
      assert.equal((await stat(join(dir, 'state', 'approvals.json'))).mode & 0o777, 0o600);
      assert.equal((await stat(join(dir, 'state'))).mode & 0o777, 0o700);

      const second = new ApprovalQueue({ store, clock });
      const restored = await second.restore();
      assert.deepEqual(restored.map((i) => [i.id, i.kind, i.executor, i.restored]), [['ap-1', 'command', 'host', true], ['ap-2', 'edit', 'host', true]]);
      assert.deepEqual(second.get('ap-1')?.subject, item.subject);
      await second.answer('ap-1', { verdict: 'reject' }, owner);
      const saved = JSON.parse(await readFile(store.file, 'utf8')) as { items: { id: string }[] };
      assert.deepEqual(saved.items.map((i) => i.id), ['ap-2']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs a restored item on the host when it is approved, its requester being gone', async () => {
    const store = memoryApprovalStore();
    await new ApprovalQueue({ store, clock: manualApprovalClock(), newId: ids() }).submit(commandRequest('make deploy'));
    const queue = new ApprovalQueue({ store, clock: manualApprovalClock() });
    await queue.restore();
    const ran: string[] = [];
    queue.setHostExecutor(async (item) => void ran.push(item.id));
    const result = await queue.answer('ap-1', { verdict: 'approve' }, owner);
    assert.ok(result.ok);
    await result.hostRun;
    assert.deepEqual(ran, ['ap-1']);
  });

  it('runs a host item proposed in this session on the host, and a requester\'s item never', async () => {
    const queue = new ApprovalQueue({ clock: manualApprovalClock(), newId: ids() });
    const ran: string[] = [];
    queue.setHostExecutor(async (item) => void ran.push(item.id));
    const host = await queue.submit({ ...commandRequest('make a'), executor: 'host' });
    const requester = await queue.submit(commandRequest('make b'));
    const first = await queue.answer(host.item.id, { verdict: 'approve' }, owner);
    const second = await queue.answer(requester.item.id, { verdict: 'approve' }, owner);
    await (first.ok ? first.hostRun : undefined);
    assert.equal(second.ok && second.hostRun, undefined);
    assert.deepEqual(ran, ['ap-1']);
  });

  it('marks items whose time ran out while the window was closed as expired', async () => {
    const store = memoryApprovalStore();
    await new ApprovalQueue({ store, clock: manualApprovalClock(0), timeoutSeconds: 60, newId: ids() }).submit(commandRequest());
    const events: ApprovalAuditEvent[] = [];
    const queue = new ApprovalQueue({ store, clock: manualApprovalClock(61_000), record: async (e) => void events.push(e) });
    const changes: string[] = [];
    queue.onDidChange((c) => changes.push(`${c.type}:${c.item.status}`));
    assert.deepEqual(await queue.restore(), []);
    assert.equal(queue.get('ap-1')?.status, 'expired');
    assert.deepEqual(changes, ['resolved:expired']);
    assert.deepEqual(events, [{ type: 'approval-expired', approvalId: 'ap-1', afterMs: 61_000 }]);
    assert.deepEqual(store.saved, []);
  });

  it('keeps the remaining time of a restored item', async () => {
    const store = memoryApprovalStore();
    await new ApprovalQueue({ store, clock: manualApprovalClock(0), timeoutSeconds: 60, newId: ids() }).submit(commandRequest());
    const clock = manualApprovalClock(30_000);
    const queue = new ApprovalQueue({ store, clock });
    await queue.restore();
    clock.advance(29_999);
    assert.equal(queue.get('ap-1')?.status, 'pending');
    clock.advance(1);
    await new Promise((r) => setImmediate(r));
    assert.equal(queue.get('ap-1')?.status, 'expired');
  });

  it('tells a waiting requester its approval is cancelled when the window closes', async () => {
    const queue = new ApprovalQueue({ clock: manualApprovalClock() });
    const { outcome } = await queue.submit(commandRequest());
    queue.dispose();
    assert.equal((await outcome).status, 'cancelled');
  });
});

describe('events', () => {
  it('fires added and resolved', async () => {
    const queue = new ApprovalQueue({ clock: manualApprovalClock(), newId: ids() });
    const seen: string[] = [];
    queue.onDidChange((c) => seen.push(`${c.type}:${c.item.id}`));
    const { item } = await queue.submit(commandRequest());
    await queue.answer(item.id, { verdict: 'reject' }, owner);
    assert.deepEqual(seen, ['added:ap-1', 'resolved:ap-1']);
  });
});

describe('one approval model for the agent and the queue', () => {
  it('refuses to queue a read, which is asked in a dialog', async () => {
    const queue = new ApprovalQueue({ clock: manualApprovalClock(), newId: ids() });
    const read = { ...commandRequest(), subject: { kind: 'read', tool: 'read_file', path: '.env', args: { path: '.env' } } as const };
    await assert.rejects(queue.submit(read), /holds commands and edits, not a read_file read/);
    assert.deepEqual(queue.pending(), []);
  });

  it('keeps the call id, the taint and the decision as it stands', async () => {
    const queue = new ApprovalQueue({ clock: manualApprovalClock(), newId: ids() });
    const request = commandRequest();
    const { item } = await queue.submit({ ...request, decision: { ...request.decision, rule: 'taint' }, taint: 'a web page was read' });
    assert.equal(item.toolCall.callId, 'call-1');
    assert.equal(item.decision.rule, 'taint');
    assert.equal(item.decision.reasons[0], 'Automatic approval is suspended: a web page was read');
  });

  it('binds and guards an edit by the hash of the file\'s bytes, a byte-order mark included', async () => {
    const queue = new ApprovalQueue({ clock: manualApprovalClock(), newId: ids() });
    const bytesWithBom = 'f'.repeat(64);
    const request = editRequest('a.txt', 'a\n', 'b\n');
    const { item } = await queue.submit({ ...request, subject: { ...request.subject, beforeSha256: bytesWithBom } as typeof request.subject });
    assert.equal(item.hunks?.diskSha256, bytesWithBom, 'the review would compare the disk against the hash of the text, not of the bytes');
    assert.equal(queue.refusal(item.id, owner), undefined);
  });

  it('tells the requester a partial approval was written, and whose it was', async () => {
    const queue = new ApprovalQueue({ clock: manualApprovalClock(), newId: ids() });
    const { item, outcome } = await queue.submit(editRequest('a.txt', 'a\nb\nc\n', 'A\nb\nC\n'));
    await queue.decideHunks(item.id, { accepted: [0], diskSha256: 'd'.repeat(64) }, owner);
    await queue.answer(item.id, { verdict: 'reject' }, owner);
    const o = await outcome;
    assert.equal(o.status, 'partially-approved');
    assert.deepEqual(o.status === 'partially-approved' && o.written, { sha256: 'd'.repeat(64) });
    assert.equal(o.status === 'partially-approved' && o.approvalId, item.id);
  });

  it('says which hunks stay written when an edit is cancelled halfway', async () => {
    const queue = new ApprovalQueue({ clock: manualApprovalClock(), newId: ids() });
    const { item, outcome } = await queue.submit(editRequest('a.txt', 'a\nb\nc\n', 'A\nb\nC\n'));
    await queue.decideHunks(item.id, { accepted: [1], diskSha256: 'd'.repeat(64) }, owner);
    await queue.cancel(item.id, 'the task was cancelled');
    const o = await outcome;
    assert.equal(o.status === 'cancelled' && o.reason, 'the task was cancelled (hunks 1 had already been accepted and written)');
  });

  it('hands the recorder the item each event is about', async () => {
    const seen: string[] = [];
    const queue = new ApprovalQueue({ clock: manualApprovalClock(), newId: ids(), record: async (e, item) => void seen.push(`${e.type}:${item.workspace}`) });
    const { item } = await queue.submit(commandRequest());
    await queue.answer(item.id, { verdict: 'reject' }, owner);
    assert.deepEqual(seen, ['approval-requested:/home/me/app', 'approval-answered:/home/me/app']);
  });

  it('restores an edit saved before edits carried their hashes, bound as it was then', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clawdock-approvals-'));
    try {
      const store = new JsonFileApprovalStore(join(dir, 'approvals.json'));
      const first = new ApprovalQueue({ store, clock: manualApprovalClock(), newId: ids() });
      await first.submit(editRequest('a.txt', 'a\n', 'b\n'));
      first.dispose();
      const saved = JSON.parse(await readFile(store.file, 'utf8')) as { items: { subject: Record<string, unknown> }[] };
      for (const i of saved.items) for (const key of ['beforeSha256', 'afterSha256', 'protectedPath']) delete i.subject[key];
      await store.save(saved.items as never);
      const second = new ApprovalQueue({ store, clock: manualApprovalClock() });
      const [restored] = await second.restore();
      assert.ok(restored);
      assert.equal(second.refusal(restored.id, owner), undefined, 'the old item no longer matches its binding');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
