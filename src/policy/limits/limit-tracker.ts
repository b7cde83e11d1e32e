import { canonicalJson } from '../../core/hash';
import type { PolicyLimits } from '../settings/policy-settings';
import type { ToolCall } from '../tools/tool-definition';
import type { Clock } from '../../core/clock';

/** A tripped limit: which one, the setting that raises it, and what to tell the person and the model. */
export interface LimitTrip {
  readonly limit: keyof PolicyLimits;
  /** Full setting key, e.g. `clawdock.policy.limits.execPerMinute`. */
  readonly setting: string;
  readonly message: string;
}

/** Rate limits and circuit breakers of one agent session. */
export interface LimitTracker {
  /** Checks a proposed tool call; `record` counts it towards the identical-call streak. */
  check(call: ToolCall, record: boolean): LimitTrip | undefined;
  /** Call before each model request; a trip means do not send it. */
  beforeModelCall(): LimitTrip | undefined;
  /** A model request was sent. */
  recordModelCall(): void;
  /** A command was started. */
  recordExecution(): void;
  /** A tool call finished, well or not (failures in a row trip a breaker). */
  recordOutcome(ok: boolean): void;
  /** The person resumed the agent: clear streaks and counts. */
  reset(): void;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Tracks the limits of one session against an injected clock (no timers). */
export function createLimitTracker(limits: PolicyLimits, clock: Clock): LimitTracker {
  let executions: number[] = [];
  let modelCalls: number[] = [];
  let lastCall: string | undefined;
  let streak = 0;
  let failures = 0;

  const recent = (times: number[], window: number): number[] => {
    const since = clock.now() - window;
    return times.filter((t) => t > since);
  };
  const trip = (limit: keyof PolicyLimits, what: string, advice: string): LimitTrip => ({
    limit,
    setting: `clawdock.policy.limits.${limit}`,
    message: `Paused: ${what} (limit ${limits[limit]}). ${advice}, or raise \`clawdock.policy.limits.${limit}\`.`,
  });
  const modelTrip = (): LimitTrip | undefined => {
    modelCalls = recent(modelCalls, HOUR);
    if (modelCalls.length < limits.modelCallsPerHour) return undefined;
    return trip('modelCallsPerHour', `${modelCalls.length} model requests in the last hour`, 'Wait until older requests leave the hour');
  };

  return {
    check(call, record) {
      if (failures >= limits.consecutiveFailures) {
        return trip('consecutiveFailures', `the last ${failures} tool calls failed in a row`, 'Look at what is failing and resume the agent');
      }
      // Only worth computing when it can matter: counting, or a streak to compare with.
      const key = record || lastCall !== undefined ? canonicalJson({ tool: call.tool, args: call.args }) : undefined;
      const nextStreak = key === lastCall ? streak + 1 : 1;
      if (record && key !== undefined) {
        lastCall = key;
        streak = nextStreak;
      }
      if (nextStreak >= limits.identicalCallRepeats) {
        return trip('identicalCallRepeats', `the same ${call.tool} call was proposed ${nextStreak} times in a row (a loop)`, 'Change the instructions and resume the agent');
      }
      if (call.kind === 'exec') {
        executions = recent(executions, MINUTE);
        if (executions.length >= limits.execPerMinute) {
          return trip('execPerMinute', `${executions.length} commands ran in the last minute`, 'Wait a minute');
        }
      }
      return modelCalls.length > limits.modelCallsPerHour ? modelTrip() : undefined;
    },
    beforeModelCall: modelTrip,
    recordModelCall: () => void modelCalls.push(clock.now()),
    recordExecution: () => void executions.push(clock.now()),
    recordOutcome(ok) {
      failures = ok ? 0 : failures + 1;
    },
    reset() {
      executions = [];
      modelCalls = [];
      lastCall = undefined;
      streak = 0;
      failures = 0;
    },
  };
}
