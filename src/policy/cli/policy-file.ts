import { readFile } from 'node:fs/promises';
import type { ConfigSource } from '../../core/config/config-source';
import { configFromObject } from '../../core/config/config-source';
import { ConfigError } from '../../core/errors';

/**
 * Reads a policy.json into a ConfigSource, or undefined when the file does not
 * exist. Accepts `{ "mode": …, "rules": […], "limits": { "execPerMinute": 10 } }`,
 * the same under a `"policy"` key, or VS Code-style dotted keys
 * (`"clawdock.policy.mode"`, `"policy.mode"`).
 */
export async function readPolicyFile(file: string): Promise<ConfigSource | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError('policy', `cannot read ${file}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError('policy', `${file} is not valid JSON: ${(err as Error).message}`, 'fix the file or remove it');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError('policy', `${file} must hold a JSON object`);
  }
  return configFromObject(flatten(value as Record<string, unknown>));
}

function flatten(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of Object.entries(object)) {
    const key = rawKey.replace(/^clawdock\./, '');
    if (key === 'policy' && isObject(value)) {
      Object.assign(out, flatten(value));
    } else if (key === 'limits' && isObject(value)) {
      for (const [k, v] of Object.entries(value)) out[`policy.limits.${k}`] = v;
    } else {
      out[key.startsWith('policy.') || key.startsWith('sandbox.') ? key : `policy.${key}`] = value;
    }
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
