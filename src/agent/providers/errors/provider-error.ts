import { ClawdockError } from '../../../core/errors/clawdock-error';

/** Base of every error a model provider throws; `provider` is its human-readable label. */
export class ProviderError extends ClawdockError {
  override name = 'ProviderError';

  constructor(readonly provider: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(`${provider}: ${message}`, options);
  }
}
