import { ClawdockError } from '../core/errors';

/**
 * The audit line for an action could not be written, so the action was not
 * run (DESIGN.md, audit contract: the record comes first). Names the file and
 * the system's reason (ENOSPC, EACCES, EROFS …).
 */
export class AuditWriteError extends ClawdockError {
  override name = 'AuditWriteError';

  constructor(
    readonly file: string,
    readonly eventType: string,
    readonly code: string | undefined,
    cause?: unknown,
  ) {
    super(`could not write the audit record (${eventType}) to ${file}${code ? ` (${code})` : ''}: the action was not run`, {
      hint: hintFor(code),
      cause,
    });
  }
}

function hintFor(code: string | undefined): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'free disk space on that volume, then try again';
    case 'EACCES':
    case 'EPERM':
      return 'make the audit folder writable by you (mode 0700), then try again';
    case 'EROFS':
      return 'the volume is read-only: remount it read-write or move the audit folder (`CLAWDOCK_HOME` for the CLI)';
    case 'ENOTDIR':
    case 'EISDIR':
    case 'ELOOP':
    case 'EFTYPE':
      return 'something other than a plain folder/file is in the way of the audit path: move it aside';
    default:
      return 'check the audit folder, then try again';
  }
}
