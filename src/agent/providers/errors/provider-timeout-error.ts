import { ProviderError } from './provider-error';

/** Which wait ran out: for the first byte of the answer, or between two pieces of a stream. */
export type TimeoutPhase = 'first-byte' | 'idle';

/** The provider went quiet for longer than we wait. */
export class ProviderTimeoutError extends ProviderError {
  override name = 'ProviderTimeoutError';

  constructor(provider: string, readonly phase: TimeoutPhase, readonly timeoutMs: number) {
    super(
      provider,
      phase === 'first-byte'
        ? `no answer within ${formatSeconds(timeoutMs)}`
        : `the stream stalled for ${formatSeconds(timeoutMs)} mid-answer`,
      { hint: 'try again; for slow local models raise the provider timeout' },
    );
  }
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
