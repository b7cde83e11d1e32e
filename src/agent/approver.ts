// What the agent loop asks of whoever answers approvals: the Approver port.
// The shapes it asks with — request, subject, outcome — are the one approval
// model of src/approvals (approval.ts), plain types the queue, the CLI and every
// surface share; the loop depends on them, never on the queue. The host adapts
// the queue to this port (extension/agent/queue-approver.ts); the CLI has its
// own approvers (./approvers).
import type { ApprovalRequest as ModelRequest, ApprovalOutcome, CommandSubject, EditSubject, ReadSubject } from '../approvals';

export type { ApprovalOutcome, WrittenEdit } from '../approvals';

/** A command as it would run (the approvals model's CommandSubject). */
export type CommandApprovalSubject = CommandSubject;

/** A read asked about in `ask-all` mode (the approvals model's ReadSubject). */
export type ReadApprovalSubject = ReadSubject;

/**
 * A file change the agent would write: the approvals model's EditSubject for a
 * write (the agent's tools write content; they never delete a file).
 */
export type EditApprovalSubject = EditSubject & { readonly after: string; readonly afterSha256: string };

/** What the agent asks about: the approvals model's subjects, an edit always a write. */
export type ApprovalSubject = CommandApprovalSubject | EditApprovalSubject | ReadApprovalSubject;

/** The approvals model's request, about one of the agent's subjects. */
export type ApprovalRequest = ModelRequest & { readonly subject: ApprovalSubject };

/**
 * Answers approvals for the agent. Implementations record their own audit
 * events (approval-requested before asking, then answered/expired), refuse a
 * request whose subject does not hash to its `bindingSha256`, and must resolve
 * `cancelled` promptly when `signal` aborts; the loop also stops waiting on
 * abort whatever the approver does.
 */
export interface Approver {
  requestApproval(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalOutcome>;
}
