// The agent's Approver over the window's approval queue: an approval the agent
// asks for becomes a queue item exactly like a proposed command or edit, so it
// shows in the editor (proposal document, diff with hunk lenses), in the chat
// panel, and in the audit log the same way, and only the owner can answer it.
// Agent and queue share one approval model (src/approvals/approval.ts): the
// request goes in as it is and the queue's outcome comes back as it is.
// Plain Node, tested beside.
import type { ApprovalItem, ApprovalQueue } from '../../approvals';
import { bindingRefusal } from '../../approvals';
import type { ApprovalOutcome, Approver } from '../../agent';

/** What the adapter needs. */
export interface QueueApproverOptions {
  readonly queue: Pick<ApprovalQueue, 'submit' | 'cancel' | 'get'>;
  /** Shows a newly queued item (its proposal document or diff); must not throw. */
  readonly show?: (item: ApprovalItem) => void;
  /** Answers what the queue has no kind for (reads asked about in `ask-all` mode). */
  readonly fallback: Approver;
}

/** An Approver whose approvals are items of the approval queue. */
export function queueApprover(options: QueueApproverOptions): Approver {
  return {
    async requestApproval(request, signal): Promise<ApprovalOutcome> {
      if (request.subject.kind === 'read') return options.fallback.requestApproval(request, signal);
      // The item shown must bind what the loop will run or write; a disagreement means neither is safe.
      const refused = bindingRefusal(request);
      if (refused) return { status: 'cancelled', reason: refused };
      if (signal.aborted) return { status: 'cancelled', reason: 'the task was cancelled' };
      const { item, outcome } = await options.queue.submit({ ...request, executor: 'requester' });
      const onAbort = () => void options.queue.cancel(item.id, 'the task was cancelled');
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();
      options.show?.(item);
      try {
        return await outcome;
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
