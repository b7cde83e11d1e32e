import { ProviderError } from './provider-error';

/** The provider answered with an HTTP error we do not retry, or kept failing after our retries. */
export class ProviderHttpError extends ProviderError {
  override name = 'ProviderHttpError';

  constructor(provider: string, readonly status: number, message: string, readonly requestId?: string) {
    super(provider, `HTTP ${status}: ${message}${requestId ? ` (request id ${requestId})` : ''}`, {
      hint: status >= 500
        ? 'the service is failing; try again later'
        : 'check the model name and base URL settings',
    });
  }
}
