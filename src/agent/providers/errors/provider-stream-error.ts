import { ProviderError } from './provider-error';

/** A streamed answer broke: cut before its end, an error event, or data we cannot read. The answer is incomplete. */
export class ProviderStreamError extends ProviderError {
  override name = 'ProviderStreamError';

  constructor(provider: string, message: string, cause?: unknown) {
    super(provider, message, { hint: 'the answer is incomplete and was discarded; try again', cause });
  }
}
