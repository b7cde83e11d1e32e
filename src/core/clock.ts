// The one clock (issue 11): everything that reads the time or waits — the audit
// log, the policy's rate limits, approval expiry, the append lock — takes a
// Clock passed in, so tests move time by hand.

/** Where code reads the time. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** A scheduled callback that can be called off. */
export interface TimerHandle {
  cancel(): void;
}

/** A clock that can also schedule (approval expiry and the like). */
export interface TimerClock extends Clock {
  /** Calls `fn` after about `ms` milliseconds. */
  setTimer(ms: number, fn: () => void): TimerHandle;
}

// setTimeout fires at once for delays past 2^31-1 ms; longer waits are chained.
const MAX_DELAY = 2_147_483_647;

/** The real clock; its timers do not keep the process alive. */
export const systemClock: TimerClock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    let timer: ReturnType<typeof setTimeout>;
    const arm = (left: number) => {
      timer = setTimeout(() => (left > MAX_DELAY ? arm(left - MAX_DELAY) : fn()), Math.min(Math.max(0, left), MAX_DELAY));
      timer.unref?.();
    };
    arm(ms);
    return { cancel: () => clearTimeout(timer) };
  },
};

/** A clock tests move by hand: `advance` fires every timer that falls due, in order. */
export interface ManualClock extends TimerClock {
  advance(ms: number): void;
}

/** A manual clock starting at `start` (ms since the epoch). */
export function manualClock(start = 0): ManualClock {
  let t = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => t,
    setTimer(ms, fn) {
      const id = seq++;
      timers.set(id, { at: t + Math.max(0, ms), fn });
      return { cancel: () => void timers.delete(id) };
    },
    advance(ms) {
      const end = t + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        timers.delete(due[0]);
        t = Math.max(t, due[1].at);
        due[1].fn();
      }
      t = end;
    },
  };
}
