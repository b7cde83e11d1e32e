import { ProviderError } from './provider-error';

/** The caller aborted the call; not a failure to report, but the answer is incomplete. */
export class ProviderAbortedError extends ProviderError {
  override name = 'ProviderAbortedError';

  constructor(provider: string, reason?: unknown) {
    super(provider, 'the model call was cancelled', { cause: reason });
  }
}
