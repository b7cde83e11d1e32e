import { homedir } from 'node:os';
import { join } from 'node:path';

/** Clawdock's state folder: `$CLAWDOCK_HOME`, else `~/.clawdock` (the CLI's settings, secrets, audit, shadow layers). */
export function clawdockHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.CLAWDOCK_HOME || join(homedir(), '.clawdock');
}
