// The part every HTTP provider shares once its request body is built: send it
// with the shared retry, timeout and logging options, and decode the SSE stream.
import { silentLogger } from '../../core/logger';
import type { HttpProviderOptions } from './http-provider-options';
import type { ModelEvent, StreamOptions } from './model-provider';
import { readRetryOptions } from './retry-policy';
import type { SseEvent } from './sse-parser';
import { readTimeoutOptions, requestSse } from './sse-request';

/** A wire format's decoder: SSE events in, model events out. */
export interface StreamDecoder {
  decode(sse: SseEvent): ModelEvent[];
  /** True once the wire's end marker arrived; nothing may follow it. */
  readonly completed: boolean;
  /** Throws when the stream ended without its end marker. */
  finish(): void;
}

/** One provider request: where it goes, with which headers and body, and the key to keep out of every message. */
export interface ProviderCall {
  readonly provider: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly key: string | undefined;
}

/** Sends `call` and yields its decoded events; stops reading at the end marker rather than wait on a body kept open. */
export async function* streamDecoded(options: HttpProviderOptions, call: ProviderCall, decoder: StreamDecoder, streamOptions: StreamOptions): AsyncGenerator<ModelEvent, void, undefined> {
  const events = requestSse({
    provider: call.provider,
    url: call.url,
    headers: call.headers,
    body: call.body,
    secrets: [call.key],
    retry: readRetryOptions(options.retry),
    timeouts: readTimeoutOptions(options.timeouts),
    logger: options.logger ?? silentLogger,
    ...(streamOptions.signal ? { signal: streamOptions.signal } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  for await (const sse of events) {
    yield* decoder.decode(sse);
    if (decoder.completed) return;
  }
  decoder.finish();
}
