// `clawdock.policy.onViolation` (its SettingSpec is in the policy's table, so
// policy files accept the key): what one denied or invalid tool call does to
// the owner's run. A workspace may only make it stricter; anyone but the owner
// always halts (issue 12: a stranger's words get one strike).
import type { Caller } from '../core/caller';
import type { ConfigSource } from '../core/config/config-source';
import { ConfigError } from '../core/errors';
import type { AgentTask } from './agent-session';

/** The setting's values: `report` tells the model and goes on, `halt` ends the run. */
export type OnViolation = 'report' | 'halt';

/** The setting's key, relative to `clawdock.`. */
export const ON_VIOLATION_KEY = 'policy.onViolation';

/** One layer's value, or undefined when the layer does not set it; anything but `report`/`halt` is an error naming the setting. */
export function readOnViolation(source: ConfigSource): OnViolation | undefined {
  const raw = source.get<unknown>(ON_VIOLATION_KEY);
  if (raw === undefined || raw === null) return undefined;
  if (raw === 'report' || raw === 'halt') return raw;
  // Falling back to `report` would run with less than someone asked for.
  throw new ConfigError(`clawdock.${ON_VIOLATION_KEY}`, `${JSON.stringify(raw)} is not "report" or "halt"`, 'set it to "halt" (end the run on a refused call) or "report"');
}

/** The effective value: `halt` when any layer (user, workspace, a command-line flag) asks for it, else `report`. */
export function effectiveOnViolation(...layers: readonly (OnViolation | undefined)[]): OnViolation {
  return layers.includes('halt') ? 'halt' : 'report';
}

/** What a task from `caller` carries into the loop: the setting for the owner, `halt` for everyone else. */
export function taskOnViolation(caller: Caller, setting: OnViolation): NonNullable<AgentTask['onViolation']> {
  if (caller.profile !== 'owner') return 'halt';
  return setting === 'halt' ? 'halt' : 'continue';
}
