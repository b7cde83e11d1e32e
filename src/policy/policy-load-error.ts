import { ConfigError } from '../core/errors';

/** The policy refused to load: a rule is malformed or its examples do not hold. Lists every problem. */
export class PolicyLoadError extends ConfigError {
  override name = 'PolicyLoadError';

  constructor(readonly problems: readonly string[]) {
    super(
      'policy.rules',
      `the policy did not load (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`,
      'fix the rules or their match/notMatch examples; until then nothing runs',
    );
  }
}
