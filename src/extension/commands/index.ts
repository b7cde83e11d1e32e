import { APPROVAL_COMMANDS } from '../approvals/approval-commands';
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
};
