import { APPROVAL_COMMANDS } from '../approvals/approval-commands';
import { AUDIT_COMMANDS } from '../audit';
import { BACKUP_COMMANDS } from '../backup/backup-commands';
import { CHANGE_COMMANDS } from '../changes';
import { CHAT_COMMANDS } from '../chat/chat-commands';
import { KILL_SWITCH_COMMANDS } from '../kill-switch';
import { SECRET_COMMANDS } from '../secrets';
import { securityAuditCommand } from '../security/security-audit-command';
import type { CommandTable } from './command';
import { rebuildSandbox } from './rebuild-sandbox';
import { runCommand } from './run-command';
import { showLog } from './show-log';
import { showStatus } from './show-status';
import { startSandbox } from './start-sandbox';
import { stopSandbox } from './stop-sandbox';

/** Every Clawdock command. package.json `contributes.commands` lists the same ids. */
export const COMMANDS: CommandTable = {
  'clawdock.startSandbox': startSandbox,
  'clawdock.stopSandbox': stopSandbox,
  'clawdock.rebuildSandbox': rebuildSandbox,
  'clawdock.runCommand': runCommand,
  'clawdock.showStatus': showStatus,
  'clawdock.showLog': showLog,
  ...APPROVAL_COMMANDS,
  ...AUDIT_COMMANDS,
  ...BACKUP_COMMANDS,
  ...SECRET_COMMANDS,
  ...KILL_SWITCH_COMMANDS,
  ...CHAT_COMMANDS,
  ...CHANGE_COMMANDS,
  'clawdock.securityAudit': securityAuditCommand,
};
