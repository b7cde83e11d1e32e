// Wraps a plain yes/no decision (a TTY prompt, a CLI flag, a test) into an
// Approver that records the approval in the audit log the way the queue does:
// `approval-requested` before asking, `approval-answered` after. If either
// record cannot be written the call does not run (the append throws).
import { randomUUID } from 'node:crypto';
import type { Surface } from '../../core/caller';
import type { AgentAudit } from '../agent-services';
import { bindingRefusal, bindingSha256 } from '../../approvals';
import type { ApprovalOutcome, ApprovalRequest, Approver } from '../approver';
import { describeSubject } from './describe-subject';

/** A person's (or a rule's) answer to one request. */
export type ApprovalAnswer = { readonly verdict: 'approve'; readonly note?: string } | { readonly verdict: 'reject'; readonly note?: string };

/** Decides one request; resolve `undefined` when `signal` aborted before an answer. */
export type ApprovalDecider = (request: ApprovalRequest, signal: AbortSignal) => Promise<ApprovalAnswer | undefined>;

/** Who answers through this approver, for the audit line. */
export interface ApproverIdentity {
  readonly by: string;
  readonly surface: Surface;
}

/** An Approver that records each approval around `decide`. */
export function recordingApprover(decide: ApprovalDecider, audit: AgentAudit, identity: ApproverIdentity): Approver {
  return {
    async requestApproval(request, signal): Promise<ApprovalOutcome> {
      // What would be asked about must be what would run.
      const refused = bindingRefusal(request);
      if (refused) return { status: 'cancelled', reason: refused };
      const approvalId = `apr-${randomUUID()}`;
      await audit.append({
        type: 'approval-requested', approvalId, ...(request.callId ? { callId: request.callId.slice(0, 200) } : {}),
        ...(request.sessionId ? { sessionId: request.sessionId } : {}), caller: { ...request.caller },
        kind: request.subject.kind === 'read' ? 'other' : request.subject.kind, bindingSha256: bindingSha256(request.subject),
        summary: describeSubject(request.subject).slice(0, 4000),
      });
      const answer = await decide(request, signal);
      if (answer === undefined || signal.aborted) return { status: 'cancelled', reason: 'the task was cancelled before an answer' };
      await audit.append({
        type: 'approval-answered', approvalId, ...(request.sessionId ? { sessionId: request.sessionId } : {}), answer: answer.verdict === 'approve' ? 'approved' : 'rejected',
        by: identity.by, surface: identity.surface,
      });
      const who = { by: identity.by, surface: identity.surface, at: Date.now(), approvalId, ...(answer.note ? { note: answer.note } : {}) };
      return answer.verdict === 'approve' ? { status: 'approved', ...who, scope: 'once' } : { status: 'rejected', ...who };
    },
  };
}
