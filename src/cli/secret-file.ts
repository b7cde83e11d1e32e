import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors';
import { clawdockHome } from './cli-settings';

/**
 * The CLI's secrets: `$CLAWDOCK_HOME/secrets.json`, mode 0600 in a 0700 folder
 * (the extension keeps the same secrets in VS Code's SecretStorage). Keys:
 * `apiKey.anthropic`, `apiKey.openai`, `sandboxSecret.<NAME>`.
 */
export function secretFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(clawdockHome(env), 'secrets.json');
}

/** Reads every secret; a file others can read is refused, since its secrets may already be out. */
export function readSecrets(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const file = secretFilePath(env);
  let text: string;
  try {
    const st = statSync(file);
    if ((st.mode & 0o077) !== 0) {
      throw new ConfigError(file, `is readable by other users (mode ${(st.mode & 0o777).toString(8)})`, `run \`chmod 600 ${file}\` and rotate the keys in it`);
    }
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch (err) {
    throw new ConfigError(file, `cannot be read as JSON: ${(err as Error).message}`, 'fix or remove the file');
  }
}

/** Sets (or with `undefined` removes) one secret, writing the file atomically with mode 0600. */
export function writeSecret(name: string, value: string | undefined, env: NodeJS.ProcessEnv = process.env): void {
  const secrets = readSecrets(env);
  if (value === undefined) delete secrets[name];
  else secrets[name] = value;
  const dir = clawdockHome(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = secretFilePath(env);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}
