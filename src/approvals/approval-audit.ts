// How approvals reach the audit log (issue 4): one event when asked, one when
// answered, one when expired. The queue awaits the recorder before it releases an
// outcome, so an approval that could not be recorded does not take effect.
import type { AuditEventOf } from '../audit/events';
import { visible } from '../core/display';
import type { ApprovalItem, ApprovalOutcome, ApprovalSubject } from './approval';
import { proposalSummary } from './render';

/** The approval events the queue records. */
export type ApprovalAuditEvent = AuditEventOf<'approval-requested'> | AuditEventOf<'approval-answered'> | AuditEventOf<'approval-expired'>;

/** Writes one approval event durably (e.g. `AuditLog.append`); a rejection refuses what it records. `item` is the approval it is about. */
export type ApprovalRecorder = (event: ApprovalAuditEvent, item: ApprovalItem) => Promise<void>;

/**
 * A one-line account of what an item asks, hidden characters escaped and, when
 * long, its start and real end around an honest count of what is left out; fits
 * an audit line (4,096 characters). `plain` neutralises markup for VS Code UI strings.
 */
export function approvalSummary(item: { readonly subject: ApprovalSubject }, options: { readonly limit?: number; readonly plain?: boolean } = {}): string {
  const s = item.subject;
  const where = s.kind === 'command' ? ` (cwd ${visible(s.cwd, { plain: options.plain ?? false })})` : '';
  const shown = proposalSummary(s, { limit: options.limit ?? 2000, maxLength: 3800, ...(options.plain ? { plain: true } : {}) });
  return `${shown.text}${where}`.slice(0, 4000);
}

/** The event for a new item. */
export function requestedEvent(item: ApprovalItem): ApprovalAuditEvent {
  return {
    type: 'approval-requested',
    approvalId: item.id,
    ...(item.toolCall.callId ? { callId: item.toolCall.callId } : {}),
    caller: { ...item.caller },
    kind: item.kind,
    bindingSha256: item.binding,
    summary: approvalSummary(item),
    ...(item.expiresAt !== null ? { expiresAt: new Date(item.expiresAt).toISOString() } : {}),
  };
}

/** The event for an answered or expired item; undefined for outcomes the audit has no event for (cancelled). */
export function resolvedEvent(item: ApprovalItem, outcome: ApprovalOutcome): ApprovalAuditEvent | undefined {
  switch (outcome.status) {
    case 'expired':
      return { type: 'approval-expired', approvalId: item.id, afterMs: outcome.afterMs };
    case 'cancelled':
      return undefined;
    case 'approved':
    case 'partially-approved':
    case 'rejected': {
      if (outcome.status === 'partially-approved') {
        return { type: 'approval-answered', approvalId: item.id, answer: 'partially-approved', by: outcome.by, surface: outcome.surface, acceptedHunks: [...outcome.acceptedHunks], rejectedHunks: [...outcome.rejectedHunks] };
      }
      const answer = outcome.status === 'rejected' ? 'rejected' : outcome.scope === 'always' ? 'approved-always' : 'approved';
      return { type: 'approval-answered', approvalId: item.id, answer, by: outcome.by, surface: outcome.surface };
    }
  }
}
