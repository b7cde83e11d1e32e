// `clawdock.policy.onViolation` for a CLI run: the `--on-violation` flag (or
// the user's settings.json / policy.json), tightened by the workspace's
// `.clawdock/policy.json` — a workspace that asks for `halt` gets it whatever the flag says.
import { join } from 'node:path';
import { configFromObject } from '../core/config/config-source';
import { UsageError } from '../core/errors';
import { effectiveOnViolation, readOnViolation, type OnViolation } from '../agent/violation-setting';
import { readCliSettings } from './cli-settings';
import { readPolicyFile } from './policy-file';

/** The effective setting for a run in `workspace`. */
export function readCliOnViolation(flag: string | undefined, env: NodeJS.ProcessEnv, workspace: string): OnViolation {
  if (flag !== undefined && flag !== 'report' && flag !== 'halt') throw new UsageError('--on-violation must be report or halt');
  const user = (flag as OnViolation | undefined) ?? readOnViolation(readCliSettings(env));
  const file = readPolicyFile(join(workspace, '.clawdock', 'policy.json'));
  return effectiveOnViolation(user, file ? readOnViolation(configFromObject(file)) : undefined);
}
