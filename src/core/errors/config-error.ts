import { ClawdockError } from './clawdock-error';

/** A setting holds a value we refuse to run with; names the setting. */
export class ConfigError extends ClawdockError {
  override name = 'ConfigError';

  constructor(readonly setting: string, message: string, hint?: string) {
    super(`\`${setting}\`: ${message}`, hint ? { hint } : {});
  }
}
