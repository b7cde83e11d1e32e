// The policy files the CLI reads: `$CLAWDOCK_HOME/policy.json` (under the user's
// settings.json) and a workspace's `.clawdock/policy.json`. A file that is not
// a plain file (a FIFO, a device) is refused without being opened for a
// blocking read; an unknown key or mode is an error that names it.
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { ConfigError } from '../core/errors';
import { LIMIT_BOUNDS, POLICY_SETTINGS } from '../policy';

/** Policy setting keys a file may hold, relative to `clawdock.` (`policy.mode`, `policy.limits.execPerMinute`, `sandbox.protectedPaths`). */
export const POLICY_FILE_KEYS: ReadonlySet<string> = new Set([...POLICY_SETTINGS.map((s) => s.key), 'sandbox.protectedPaths']);

/**
 * Reads a JSON settings file that must be a plain file: lstat first (a FIFO or
 * device is refused at once), then an open that cannot block and an fstat of
 * what was opened (so a file swapped for a FIFO in between is refused too).
 * Undefined when the file does not exist.
 */
export function readJsonFile(file: string, setting: string): Record<string, unknown> | undefined {
  let kind: string | undefined;
  try {
    const st = lstatSync(file);
    kind = fileKind(st.isSymbolicLink() ? statSync(file) : st);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(setting, `cannot read ${file}: ${(err as Error).message}`, 'fix or remove the file');
  }
  if (kind !== 'file') throw new ConfigError(setting, `${file} is a ${kind}, not a file; it was not read`, 'replace it with a JSON file or remove it');
  let text: string;
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    const opened = fileKind(fstatSync(fd));
    if (opened !== 'file') throw new ConfigError(setting, `${file} is a ${opened}, not a file; it was not read`, 'replace it with a JSON file or remove it');
    text = readFileSync(fd, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(setting, `cannot read ${file}: ${(err as Error).message}`, 'fix or remove the file');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(setting, `${file} is not valid JSON: ${(err as Error).message}`, 'fix the file or remove it');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(setting, `${file} must hold a JSON object`);
  return value as Record<string, unknown>;
}

/**
 * Reads a policy.json into dotted setting keys (`policy.mode` …). Accepts
 * `{ "mode": …, "rules": […], "limits": { "execPerMinute": 10 } }`, the same
 * under a `"policy"` key, or VS Code-style keys (`"clawdock.policy.mode"`).
 * Undefined when the file does not exist; an unknown key is an error naming it.
 */
export function readPolicyFile(file: string): Record<string, unknown> | undefined {
  const raw = readJsonFile(file, 'policy');
  if (!raw) return undefined;
  const out: Record<string, unknown> = {};
  flatten(raw, out, file);
  return out;
}

/** Refuses `clawdock.policy.*` keys of a settings object that no policy setting has. */
export function checkPolicyKeys(values: Record<string, unknown>, file: string): void {
  for (const key of Object.keys(values)) {
    if (!key.startsWith('clawdock.policy.')) continue;
    const k = key.slice('clawdock.'.length);
    if (!POLICY_FILE_KEYS.has(k)) throw unknownKey(key, file);
  }
}

function flatten(object: Record<string, unknown>, out: Record<string, unknown>, file: string): void {
  for (const [rawKey, value] of Object.entries(object)) {
    const key = rawKey.replace(/^clawdock\./, '');
    if (key === 'policy' && isObject(value)) {
      flatten(value, out, file);
    } else if (key === 'limits' || key === 'policy.limits') {
      if (!isObject(value)) throw new ConfigError('policy.limits', `${file}: must be an object of limits`, `use ${Object.keys(LIMIT_BOUNDS).join(', ')}`);
      for (const [k, v] of Object.entries(value)) {
        if (!(k in LIMIT_BOUNDS)) throw unknownKey(`limits.${k}`, file);
        out[`policy.limits.${k}`] = v;
      }
    } else {
      const dotted = key.startsWith('policy.') || key.startsWith('sandbox.') ? key : `policy.${key}`;
      if (!POLICY_FILE_KEYS.has(dotted)) throw unknownKey(rawKey, file);
      out[dotted] = value;
    }
  }
}

function unknownKey(key: string, file: string): ConfigError {
  const known = [...POLICY_FILE_KEYS].map((k) => k.replace(/^policy\./, '')).join(', ');
  return new ConfigError('policy', `${file}: unknown key ${JSON.stringify(key)}`, `policy settings are ${known}`);
}

function fileKind(st: Stats): string {
  if (st.isFile()) return 'file';
  if (st.isFIFO()) return 'FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  if (st.isSocket()) return 'socket';
  if (st.isDirectory()) return 'folder';
  return 'special file';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
