import type { CommandTable } from '../commands/command';
import { clearApiKey } from './commands/clear-api-key';
import { grantSandboxSecret } from './commands/grant-secret';
import { revokeSandboxSecret } from './commands/revoke-secret';
import { setApiKey } from './commands/set-api-key';

/** The credential commands. */
export const SECRET_COMMANDS: CommandTable = {
  'clawdock.setApiKey': setApiKey,
  'clawdock.clearApiKey': clearApiKey,
  'clawdock.grantSandboxSecret': grantSandboxSecret,
  'clawdock.revokeSandboxSecret': revokeSandboxSecret,
};
