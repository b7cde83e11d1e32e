import { ProviderError } from './provider-error';

/** The palette command that stores a new key; named in every auth failure. */
export const SET_API_KEY_COMMAND = 'Clawdock: Set API Key…';

/** The key is missing or the provider rejected it (HTTP 401/403); says which command fixes it. */
export class ProviderAuthError extends ProviderError {
  override name = 'ProviderAuthError';

  constructor(provider: string, message: string, readonly status?: number) {
    super(provider, message, { hint: `run “${SET_API_KEY_COMMAND}” to enter a valid key` });
  }
}
