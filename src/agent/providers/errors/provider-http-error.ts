import { ProviderError } from './provider-error';

/** The provider answered with an HTTP error we do not retry, or kept failing after our retries. */
export class ProviderHttpError extends ProviderError {
  override name = 'ProviderHttpError';

  constructor(provider: string, readonly status: number, message: string, readonly requestId?: string) {
    const hint = hintFor(status);
    super(provider, `HTTP ${status}: ${message}${requestId ? ` (request id ${requestId})` : ''}`, hint ? { hint } : {});
  }
}

function hintFor(status: number): string | undefined {
  if (status >= 500) return 'the service is failing; try again later';
  if (status === 404) return 'check the model name and base URL settings';
  if (status === 413) return 'the conversation is too large for this model; start a new task';
  return undefined; // the server's own words say more than a guess would
}
