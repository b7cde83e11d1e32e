import { isPlaceholder } from './placeholder';
import { maskSecret } from './mask';

/** Object keys whose string value is a secret whatever it looks like (`{ "GITHUB_TOKEN": "…" }`). */
const SECRET_KEY = /(?:pass(?:word|wd|phrase)|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|account[_-]?key|auth[_-]?key|credentials?|authorization|cookie)(?:[_.-]?value)?$/i;
/** argv elements after which the next element is a secret (`mysql --password hunter2`). */
const SECRET_FLAG = /^--?(?:password|passwd|pass|token|secret|api-key|apikey|access-token|auth-token|client-secret|private-key)$/i;

/**
 * Applies `redactText` to every string inside a JSON-like value, using what
 * text alone cannot see: the key a value sits under, and the flag before an
 * argv element. Returns a copy; the input is not changed.
 */
export function redactDeep<T>(value: T, redactText: (text: string) => string): T {
  return walk(value, undefined, redactText) as T;
}

/** A sha256 digest carries no secret; masking a chance match inside one would only break the record. */
const DIGEST = /^[0-9a-f]{64}$/;

function walk(value: unknown, key: string | undefined, redactText: (text: string) => string): unknown {
  if (typeof value === 'string') {
    if (DIGEST.test(value)) return value;
    if (key !== undefined && SECRET_KEY.test(key) && !isPlaceholder(value)) return maskSecret(value);
    return redactText(value);
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      const previous: unknown = i > 0 ? value[i - 1] : undefined;
      if (typeof item === 'string' && typeof previous === 'string' && SECRET_FLAG.test(previous) && !isPlaceholder(item)) {
        return maskSecret(item);
      }
      return walk(item, undefined, redactText);
    });
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, k, redactText);
    return out;
  }
  return value;
}

/** Every string inside a JSON-like value, for one secretlint pass over all of them. */
export function collectStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectStrings(v, out);
  return out;
}
