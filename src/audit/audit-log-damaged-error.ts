import { ClawdockError } from '../core/errors';

/**
 * The newest audit file does not end in a whole, valid line (a crash or a full
 * disk mid-write, or tampering). The log refuses to chain new lines onto it:
 * continuing from garbage would hide exactly what a verify should find.
 */
export class AuditLogDamagedError extends ClawdockError {
  override name = 'AuditLogDamagedError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`the audit log ${file} is damaged at line ${line}: ${reason}`, {
      hint: 'run `clawdock audit verify` to see where; open the log with `repairTornTail` to set the damaged tail aside (recorded in the log) and go on',
    });
  }
}
