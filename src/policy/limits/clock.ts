/** Where the limits read the time: injected, so tests move time by hand. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests move by hand. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
}

/** A clock that starts at `start` and only moves when told. */
export function manualClock(start = 0): ManualClock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}
