// `clawdock.models.allowed` for a CLI run: the user's `$CLAWDOCK_HOME/settings.json`
// and the workspace's `.vscode/settings.json` — the file the editor reads the
// workspace layer from, so a repository that narrows its models to a local one
// is narrowed in a terminal too. Each layer can only narrow (model-allowlist.ts).
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS_ALLOWED_KEY, readModelAllowLayer, type ModelAllowLayer, type ModelAllowlist } from '../agent/model-allowlist';
import { ConfigError } from '../core/errors';
import { clawdockHome, readCliSettings } from './cli-settings';

const SETTING = `clawdock.${MODELS_ALLOWED_KEY}`;
const MAX_BYTES = 4 * 1024 * 1024;

/** Every layer that sets the list, user first. */
export function readCliModelAllowlist(env: NodeJS.ProcessEnv, workspace: string): ModelAllowlist {
  const layers: ModelAllowLayer[] = [];
  const user = readModelAllowLayer(readCliSettings(env).get<unknown>(MODELS_ALLOWED_KEY), `user settings (${join(clawdockHome(env), 'settings.json')})`);
  if (user) layers.push(user);
  const file = join(workspace, '.vscode', 'settings.json');
  const values = readJsoncObject(file);
  const own = values ? readModelAllowLayer(values[SETTING], `workspace settings (${file})`) : undefined;
  if (own) layers.push(own);
  return layers;
}

/**
 * Reads a VS Code settings file (JSON with comments and trailing commas).
 * Undefined when it does not exist; a file that is not a plain file or cannot
 * be parsed is an error naming it: it may hold a narrowing we must not skip.
 */
export function readJsoncObject(file: string): Record<string, unknown> | undefined {
  let fd: number;
  try {
    // Non-blocking, and checked after opening: a FIFO planted in the workspace cannot hang the CLI.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(SETTING, `cannot read ${file}: ${(err as Error).message}`, 'fix or remove the file');
  }
  let text: string;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ConfigError(SETTING, `${file} is not a plain file; it was not read`, 'replace it with a settings file or remove it');
    if (st.size > MAX_BYTES) throw new ConfigError(SETTING, `${file} is larger than ${MAX_BYTES} bytes`, 'a settings file that big is not one VS Code wrote');
    text = readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
  let value: unknown;
  try {
    value = JSON.parse(stripJsonc(text));
  } catch (err) {
    throw new ConfigError(SETTING, `${file} is not valid JSON with comments: ${(err as Error).message}`, 'fix the file (it may narrow the models this workspace may use)');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(SETTING, `${file} must hold a JSON object`);
  return value as Record<string, unknown>;
}

/** JSON with `//` and block comments and trailing commas, as plain JSON (strings untouched). */
export function stripJsonc(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) throw new SyntaxError('an unfinished /* comment');
      i = end + 1;
      out += ' ';
    } else {
      out += c;
    }
  }
  // A comma followed only by whitespace before a closing bracket; strings were copied whole above, and
  // this runs on the result, so guard strings again by matching them first.
  return out.replace(/("(?:[^"\\]|\\.)*")|,(\s*[}\]])/g, (m, str: string | undefined, close: string | undefined) => str ?? (close as string));
}
