import type { CommandTable } from '../commands/command';
import { exportAuditLog } from './commands/export-audit-log';
import { showAuditLog } from './commands/show-audit-log';
import { verifyAuditLog } from './commands/verify-audit-log';

/** The audit trail's palette commands. */
export const AUDIT_COMMANDS: CommandTable = {
  'clawdock.showAuditLog': showAuditLog,
  'clawdock.verifyAuditLog': verifyAuditLog,
  'clawdock.exportAuditLog': exportAuditLog,
};
