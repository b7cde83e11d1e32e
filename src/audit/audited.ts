import type { AuditLog } from './audit-log';
import type { AuditEvent } from './events';

/**
 * Records `event`, and only once it is on disk runs `action`. If the record
 * cannot be written, the AuditWriteError propagates and `action` never runs:
 * the shape every audited action should take.
 */
export async function runAudited<T>(log: AuditLog, event: AuditEvent, action: () => Promise<T> | T): Promise<T> {
  await log.append(event);
  return action();
}
