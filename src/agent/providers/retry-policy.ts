// When and how long to wait before asking a provider again. Retries are only
// ever made before the first byte of an answer reached us, so a retry never
// duplicates streamed output.

/** Retry settings; every field has a default in `DEFAULT_RETRY`. */
export interface RetryOptions {
  /** Attempts in total, the first one included (1 = never retry). */
  readonly maxAttempts: number;
  /** Backoff before the second attempt; doubled for each one after. */
  readonly initialDelayMs: number;
  /** Ceiling of the computed backoff. */
  readonly maxDelayMs: number;
  /** A `retry-after` longer than this is not waited out: the call fails and says when to try again. */
  readonly maxRetryAfterMs: number;
}

/** Defaults close to the official SDKs': a handful of attempts, seconds of backoff, a minute at most. */
export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 4,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/** Fills in defaults and clamps nonsense (negative or fractional attempts) to something that works. */
export function readRetryOptions(partial: Partial<RetryOptions> = {}): RetryOptions {
  const pick = (value: number | undefined, fallback: number, min: number): number =>
    value === undefined || !Number.isFinite(value) ? fallback : Math.max(min, value);
  return {
    maxAttempts: Math.floor(pick(partial.maxAttempts, DEFAULT_RETRY.maxAttempts, 1)),
    initialDelayMs: pick(partial.initialDelayMs, DEFAULT_RETRY.initialDelayMs, 0),
    maxDelayMs: pick(partial.maxDelayMs, DEFAULT_RETRY.maxDelayMs, 0),
    maxRetryAfterMs: pick(partial.maxRetryAfterMs, DEFAULT_RETRY.maxRetryAfterMs, 0),
  };
}

/** Statuses worth another attempt: timeouts, conflicts, rate limits and server errors (529 "overloaded" included). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * How long the server asked us to wait, in ms: `retry-after-ms` (OpenAI,
 * Anthropic), else `retry-after` as seconds or an HTTP date. Undefined when
 * absent or unreadable.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const raw = headers.get('retry-after');
  if (raw === null || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random,
 * so many clients hitting the same limit spread out without ever retrying at once.
 * `attempt` is the number of the attempt that just failed (1-based).
 */
export function backoffDelay(options: RetryOptions, attempt: number, random: () => number = Math.random): number {
  const step = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return step / 2 + random() * (step / 2);
}
