// Rate limits per sender and per group: a token bucket per key against an
// injected clock. The map is bounded, so a flood of new senders cannot grow it
// without end.

/** `messages` per `perSeconds`, with bursts up to `messages`. */
export interface RateRule {
  readonly messages: number;
  readonly perSeconds: number;
}

const MAX_KEYS = 10_000;

/** Buckets by key. */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one token for `key`; false when its bucket is empty. */
  take(key: string, rule: RateRule): boolean {
    const now = this.now();
    const rate = rule.messages / (rule.perSeconds * 1000);
    let bucket = this.#buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(rule.messages, bucket.tokens + (now - bucket.at) * rate);
      bucket.at = now;
      this.#buckets.delete(key); // re-inserted below: the map's order is least recently used first
    } else {
      bucket = { tokens: rule.messages, at: now };
      if (this.#buckets.size >= MAX_KEYS) this.#buckets.delete(this.#buckets.keys().next().value as string);
    }
    this.#buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
