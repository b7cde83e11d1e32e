// The approval queue with its audit events sent to the log of the folder each
// approval belongs to. Plain Node, tested beside.
import type { ApprovalAuditEvent, ApprovalItem, ApprovalQueueOptions, ApprovalRequest, PendingApproval } from '../../approvals';
import { ApprovalQueue } from '../../approvals';
import { ClawdockError } from '../../core/errors';

/** Writes one approval event to the log of the workspace folder at `workspace`; a rejection refuses what it records. */
export type WorkspaceRecorder = (workspace: string, event: ApprovalAuditEvent) => Promise<unknown>;

/**
 * An ApprovalQueue whose `record` goes to the right folder's audit log. The
 * queue's recorder is handed the event only, and `approval-requested` is
 * recorded before the item is in the queue; so the workspace of the request
 * being submitted is kept for the moment `submit` runs synchronously up to that
 * record call. Events of known items are routed by their id. A recorder that
 * also receives the item (a second argument, see the report to the lead) wins.
 */
export class RoutedApprovalQueue extends ApprovalQueue {
  private submitting: string | undefined;

  constructor(options: Omit<ApprovalQueueOptions, 'record'>, record: WorkspaceRecorder) {
    const self: { queue?: RoutedApprovalQueue } = {};
    super({
      ...options,
      record: async (event: ApprovalAuditEvent, item?: ApprovalItem) => {
        // Read synchronously: `submitting` is only set while submit() has not yet awaited.
        const workspace = item?.workspace ?? self.queue?.get(event.approvalId)?.workspace ?? self.queue?.submitting;
        if (workspace === undefined) throw new ClawdockError(`approval ${event.approvalId} names no workspace folder, so it cannot be recorded`);
        await record(workspace, event);
      },
    });
    self.queue = this;
  }

  override submit(request: ApprovalRequest): Promise<PendingApproval> {
    this.submitting = request.workspace;
    try {
      return super.submit(request);
    } finally {
      this.submitting = undefined;
    }
  }
}
