// The size, count and time limits of the host-side workspace file
// operations: their defaults, and the clamp that turns a caller's number
// (possibly missing, negative or fractional) into one we can use.

/** Most bytes one read returns, and the size above which search skips a file. */
export const DEFAULT_MAX_READ_BYTES = 1024 * 1024;
/** Largest content one write accepts. */
export const DEFAULT_MAX_WRITE_BYTES = 10 * 1024 * 1024;
/** Most entries one listing returns. */
export const DEFAULT_LIST_LIMIT = 1000;
/** Most matches one search returns. */
export const DEFAULT_SEARCH_LIMIT = 200;
/** Most files one search looks at before it stops, truncated. */
export const SEARCH_MAX_FILES = 20_000;
/** Time budget of one search in ms. */
export const SEARCH_TIME_BUDGET_MS = 10_000;

/** A positive whole number from `value`, or `fallback` when it is missing or not a positive number. */
export function clampPositive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}
