import { ConfigError } from '../core/errors';

/** A model request was refused before anything was sent: `clawdock.models.allowed` does not let this workspace use that model. */
export class ModelNotAllowedError extends ConfigError {
  override name = 'ModelNotAllowedError';

  constructor(reason: string) {
    super('clawdock.models.allowed', reason, 'pick an allowed model, or change `clawdock.models.allowed` (a workspace can only narrow the user\'s list)');
  }
}
