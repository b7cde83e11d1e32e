import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApprovalAuditEvent } from '../../approvals';
import { manualClock } from '../../core/clock';
import { commandRequest, owner } from '../../approvals/approval-test-fixtures';
import { RoutedApprovalQueue } from './routed-approval-queue';

function recordingQueue(fail?: (event: ApprovalAuditEvent) => boolean) {
  const recorded: { workspace: string; type: string }[] = [];
  const clock = manualClock(0);
  let n = 0;
  const queue = new RoutedApprovalQueue({ clock, newId: () => `ap-${++n}`, timeoutSeconds: 60 }, async (workspace, event) => {
    if (fail?.(event)) throw new Error('disk full');
    recorded.push({ workspace, type: event.type });
  });
  return { queue, recorded, clock };
}

describe('the routed approval queue', () => {
  it('records each approval in the log of its own folder: requested, answered', async () => {
    const { queue, recorded } = recordingQueue();
    const a = await queue.submit({ ...commandRequest('make a'), workspace: '/w/one' });
    const b = await queue.submit({ ...commandRequest('make b'), workspace: '/w/two' });
    await queue.answer(b.item.id, { verdict: 'reject' }, owner);
    await queue.answer(a.item.id, { verdict: 'approve' }, owner);
    assert.deepEqual(recorded, [
      { workspace: '/w/one', type: 'approval-requested' },
      { workspace: '/w/two', type: 'approval-requested' },
      { workspace: '/w/two', type: 'approval-answered' },
      { workspace: '/w/one', type: 'approval-answered' },
    ]);
  });

  it('records an expiry in the right folder', async () => {
    const { queue, recorded, clock } = recordingQueue();
    await queue.submit({ ...commandRequest(), workspace: '/w/three' });
    clock.advance(61_000);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(recorded.at(-1), { workspace: '/w/three', type: 'approval-expired' });
  });

  it('refuses a request it cannot record, and an answer it cannot record', async () => {
    const refuseRequests = recordingQueue((e) => e.type === 'approval-requested');
    await assert.rejects(refuseRequests.queue.submit(commandRequest()), /disk full/);
    assert.equal(refuseRequests.queue.pending().length, 0);
    const refuseAnswers = recordingQueue((e) => e.type === 'approval-answered');
    const { item } = await refuseAnswers.queue.submit(commandRequest());
    const result = await refuseAnswers.queue.answer(item.id, { verdict: 'reject' }, owner);
    assert.equal(result.ok, false);
    assert.equal(refuseAnswers.queue.get(item.id)?.status, 'pending');
  });
});
