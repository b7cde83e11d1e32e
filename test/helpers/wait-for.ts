// Waiting on a condition instead of sleeping a fixed time (issue 11, flaky
// patterns): poll until it holds, fail with what was last seen at the deadline.
// The deadline is generous on purpose: it only decides how long a broken run
// takes to fail, never whether a slow machine passes.

/** Polls `probe` every `everyMs` until `done(value)` holds; resolves with that value, or throws naming `what` and the last value. */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  done: (value: T) => boolean = Boolean,
  { timeoutMs = 30_000, everyMs = 50 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs / 1000} s; last seen: ${JSON.stringify(value)?.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
