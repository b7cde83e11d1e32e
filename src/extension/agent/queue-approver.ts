// The agent's Approver over the window's approval queue: an approval the agent
// asks for becomes a queue item exactly like a proposed command or edit, so it
// shows in the editor (proposal document, diff with hunk lenses), in the chat
// panel, and in the audit log the same way, and only the owner can answer it.
// Plain Node, tested beside.
import type { ApprovalItem, ApprovalOutcome as QueueOutcome, ApprovalQueue, ApprovalSubject as QueueSubject, DecisionSummary } from '../../approvals';
import { bindingOf, subjectBinding, summarizeDecision } from '../../approvals';
import type { ApprovalOutcome, ApprovalRequest, Approver } from '../../agent';

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
      const subject = queueSubject(request);
      if (!subject) return options.fallback.requestApproval(request, signal);
      // The item shown must bind what the loop will run or write; a disagreement means neither is safe.
      if (bindingOf(subjectBinding(subject)) !== request.bindingSha256) {
        return { status: 'cancelled', reason: 'the approval could not be bound to what would run; nothing was asked or run' };
      }
      if (signal.aborted) return { status: 'cancelled', reason: 'the task was cancelled' };
      const { item, outcome } = await options.queue.submit({
        caller: request.caller,
        toolCall: { tool: request.toolCall.tool, args: request.toolCall.args, callId: request.callId },
        decision: decisionOf(request),
        subject,
        workspace: request.workspace,
        executor: 'requester',
      });
      const onAbort = () => void options.queue.cancel(item.id, 'the task was cancelled');
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();
      options.show?.(item);
      try {
        return toAgentOutcome(await outcome, options.queue.get(item.id) ?? item);
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}

/** The queue's form of an agent subject; undefined for kinds the queue does not hold. */
export function queueSubject(request: Pick<ApprovalRequest, 'subject'>): QueueSubject | undefined {
  const s = request.subject;
  switch (s.kind) {
    case 'command':
      return {
        kind: 'command', commandLine: s.commandLine, argv: [...s.argv], cwd: s.cwd, env: { ...s.env }, containerId: s.containerId, imageId: s.imageId,
        ...(s.timeoutMs !== undefined ? { timeoutMs: s.timeoutMs } : {}),
      };
    case 'edit':
      return { kind: 'edit', path: s.path, before: s.before, after: s.after, protectedPath: s.protectedPath };
    case 'read':
      return undefined;
  }
}

/** The decision as it stands for this request (taint may have turned an `allow` into `ask`), with the taint always shown. */
export function decisionOf(request: Pick<ApprovalRequest, 'decision' | 'explanation' | 'taint'>): DecisionSummary {
  const summary = summarizeDecision(request.explanation);
  const reasons = [...request.decision.reasons];
  if (request.taint && !reasons.includes(request.taint)) reasons.unshift(`Automatic approval is suspended: ${request.taint}`);
  return { ...summary, decision: request.decision.decision, rule: request.decision.rule, source: request.decision.source, reasons };
}

/** The agent's form of a queue outcome; `written` tells the loop the hunk review already wrote the file. */
export function toAgentOutcome(outcome: QueueOutcome, item: Pick<ApprovalItem, 'id' | 'kind' | 'hunks'>): ApprovalOutcome {
  const approvalId = item.id;
  const note = 'note' in outcome && outcome.note ? { note: outcome.note } : {};
  const written = item.kind === 'edit' ? { written: { sha256: item.hunks?.diskSha256 ?? null } } : {};
  switch (outcome.status) {
    case 'approved':
      return { status: 'approved', by: outcome.by, surface: outcome.surface, approvalId, ...note, ...written };
    case 'partially-approved':
      return {
        status: 'partially-approved', by: outcome.by, surface: outcome.surface, approvalId, ...note,
        acceptedHunks: outcome.acceptedHunks, rejectedHunks: outcome.rejectedHunks, written: { sha256: item.hunks?.diskSha256 ?? null },
      };
    case 'rejected':
      return { status: 'rejected', by: outcome.by, surface: outcome.surface, approvalId, ...note };
    case 'expired':
      return { status: 'expired', afterMs: outcome.afterMs };
    case 'cancelled': {
      const kept = outcome.acceptedHunks?.length ? ` (hunks ${outcome.acceptedHunks.join(', ')} had already been accepted and written)` : '';
      return { status: 'cancelled', reason: `${outcome.reason}${kept}` };
    }
  }
}
