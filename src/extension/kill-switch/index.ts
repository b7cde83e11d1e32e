import type { CommandTable } from '../commands/command';
import { discardSandbox } from './commands/discard-sandbox';
import { resumeSandbox } from './commands/resume-sandbox';
import { stopEverythingCommand } from './commands/stop-everything';

/** The incident-response commands. */
export const KILL_SWITCH_COMMANDS: CommandTable = {
  'clawdock.stopEverything': stopEverythingCommand,
  'clawdock.resumeSandbox': resumeSandbox,
  'clawdock.discardSandbox': discardSandbox,
};
