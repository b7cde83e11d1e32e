import type { LimitTrip } from '../policy';

// A LimitTrip carries only its message ("Paused: 31 commands ran … (limit 30) …");
// the audit event wants numbers. Until the policy reports them, read them back.
/** The measured value and the threshold named in a limit's message (0 when absent). */
export function limitNumbers(trip: Pick<LimitTrip, 'message'> | string): { value: number; threshold: number } {
  const message = typeof trip === 'string' ? trip : trip.message;
  const threshold = Number(/\(limit (\d+)\)/.exec(message)?.[1] ?? 0);
  const value = Number(/(\d+)/.exec(message)?.[1] ?? threshold);
  return { value, threshold };
}
