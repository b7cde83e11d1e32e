import { randomBytes } from 'node:crypto';

/**
 * What a sandbox sees instead of a secret bound to hosts (issue 16): a
 * recognisable stand-in, unique per secret and per sandbox, that is worth
 * nothing anywhere but in a request through that sandbox's egress proxy to
 * the secret's hosts — where the proxy puts the real value in its place.
 * One definition, used by the proxy, the redactor and every display.
 */
export const PLACEHOLDER_PREFIX = 'CLAWDOCK_SECRET_';
const NONCE_HEX = 24;

/** A new placeholder for the secret `name` (an environment variable name). */
export function newPlaceholder(name: string): string {
  return `${PLACEHOLDER_PREFIX}${name}_${randomBytes(NONCE_HEX / 2).toString('hex')}`;
}

/** Every placeholder in a text: group 1 is the secret's name. */
export function placeholderPattern(): RegExp {
  return new RegExp(`${PLACEHOLDER_PREFIX}([A-Za-z_][A-Za-z0-9_]{0,127})_[0-9a-f]{${NONCE_HEX}}(?![A-Za-z0-9_])`, 'g');
}

/** The secret a placeholder stands for, or undefined when the text is not one. */
export function placeholderName(text: string): string | undefined {
  const m = placeholderPattern().exec(text);
  return m && m.index === 0 && m[0].length === text.length ? m[1] : undefined;
}
