import { ClawdockError } from '../core/errors';

/** An event handed to the audit log does not match its schema: a caller bug, and the action is not run. */
export class AuditEventError extends ClawdockError {
  override name = 'AuditEventError';

  constructor(
    readonly eventType: string,
    readonly problem: string,
  ) {
    super(`refused to record a malformed audit event (${eventType}): ${problem}; the action was not run`);
  }
}
