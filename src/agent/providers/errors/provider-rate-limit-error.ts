import { ProviderError } from './provider-error';

/** The provider kept answering 429 after our retries, or asked us to wait longer than we will. */
export class ProviderRateLimitError extends ProviderError {
  override name = 'ProviderRateLimitError';

  constructor(provider: string, message: string, readonly retryAfterMs: number | undefined) {
    super(provider, message, {
      hint: retryAfterMs === undefined
        ? 'wait a minute and try again, or check the plan limits of this key'
        : `try again in ${Math.ceil(retryAfterMs / 1000)} s, or check the plan limits of this key`,
    });
  }
}
