import { approvalSummary } from '../../approvals';
import type { ApprovalSubject } from '../approver';

/**
 * One line saying what an approval would allow, hidden characters escaped and a
 * long command cut honestly: the approvals model's summary, as the audit has it.
 */
export function describeSubject(subject: ApprovalSubject): string {
  return approvalSummary({ subject });
}
