import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../core/errors';
import type { ConfigSource } from '../core/config/config-source';

/** The CLI's state folder: `CLAWDOCK_HOME`, else `~/.clawdock`. */
export function clawdockHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.CLAWDOCK_HOME || join(homedir(), '.clawdock');
}

/**
 * The CLI's settings: `$CLAWDOCK_HOME/settings.json`, holding the same keys as
 * VS Code's settings (`"clawdock.sandbox.memoryMb": 1024`). A missing file is
 * the defaults; a broken one is an error, never silently ignored.
 */
export function readCliSettings(env: NodeJS.ProcessEnv = process.env): ConfigSource {
  const file = join(clawdockHome(env), 'settings.json');
  let values: Record<string, unknown> = {};
  try {
    values = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError(file, `cannot read settings: ${(err as Error).message}`, 'fix or remove the file');
    }
  }
  return { get: <T>(key: string) => values[`clawdock.${key}`] as T | undefined };
}
