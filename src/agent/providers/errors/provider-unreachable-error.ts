import { ProviderError } from './provider-error';

/** The connection failed before any answer (refused, reset, DNS), after our retries. */
export class ProviderUnreachableError extends ProviderError {
  override name = 'ProviderUnreachableError';

  constructor(provider: string, readonly baseUrl: string, detail: string, cause?: unknown) {
    super(provider, `could not reach ${baseUrl} (${detail})`, {
      hint: 'check the network, or that the local model server is running and the base URL setting points at it',
      cause,
    });
  }
}
