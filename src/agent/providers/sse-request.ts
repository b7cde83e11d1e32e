// One streamed POST to a model API, shared by every HTTP provider: retries
// before the first byte, timeouts, abort, and HTTP failures turned into typed
// errors whose text never holds the key.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../core/logger';
import { ProviderAbortedError } from './errors/provider-aborted-error';
import { ProviderAuthError } from './errors/provider-auth-error';
import { ProviderError } from './errors/provider-error';
import { ProviderHttpError } from './errors/provider-http-error';
import { ProviderRateLimitError } from './errors/provider-rate-limit-error';
import { ProviderStreamError } from './errors/provider-stream-error';
import { ProviderTimeoutError, type TimeoutPhase } from './errors/provider-timeout-error';
import { ProviderUnreachableError } from './errors/provider-unreachable-error';
import { errorBodyMessage, errorBodyType } from './error-body';
import { backoffDelay, isRetryableStatus, parseRetryAfter, type RetryOptions } from './retry-policy';
import { displayUrl, scrubSecrets } from './secret-scrub';
import { SseParser, type SseEvent } from './sse-parser';

/** How long we wait for a provider, in ms. */
export interface TimeoutOptions {
  /** From sending the request to the first byte of the streamed body. */
  readonly firstByteMs: number;
  /** Between two pieces of the stream. */
  readonly idleMs: number;
}

/** Generous enough for a local model loading its weights; Anthropic pings every few seconds anyway. */
export const DEFAULT_TIMEOUTS: TimeoutOptions = { firstByteMs: 120_000, idleMs: 90_000 };

/** Fills in defaults; non-positive values fall back to them. */
export function readTimeoutOptions(partial: Partial<TimeoutOptions> = {}): TimeoutOptions {
  const pick = (value: number | undefined, fallback: number): number =>
    value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
  return {
    firstByteMs: pick(partial.firstByteMs, DEFAULT_TIMEOUTS.firstByteMs),
    idleMs: pick(partial.idleMs, DEFAULT_TIMEOUTS.idleMs),
  };
}

/** Everything one streamed call needs; `secrets` are scrubbed from every message built from server text. */
export interface SseRequest {
  readonly provider: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly secrets: readonly (string | undefined)[];
  readonly retry: RetryOptions;
  readonly timeouts: TimeoutOptions;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  /** Tests pin the jitter. */
  readonly random?: () => number;
}

/** One `read()` of the response body. */
type ReadResult = Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;

/** What one attempt came to: a stream to read, or a failure we may retry. */
type Outcome =
  | { readonly kind: 'stream'; readonly reader: ReadableStreamDefaultReader<Uint8Array>; readonly first: ReadResult }
  | { readonly kind: 'failed'; readonly error: ProviderError; readonly retryable: boolean; readonly retryAfterMs?: number; readonly what: string };

/**
 * POSTs `body` as JSON and yields the server-sent events of the answer. Throws
 * a `ProviderError` subclass for every failure; a body that ends cleanly just
 * ends — the caller decides whether its protocol's last event arrived.
 */
export async function* requestSse(request: SseRequest): AsyncGenerator<SseEvent, void, undefined> {
  const body = JSON.stringify(request.body);
  for (let attemptNo = 1; ; attemptNo++) {
    if (request.signal?.aborted) throw new ProviderAbortedError(request.provider, request.signal.reason);
    const attempt = new Attempt(request);
    let outcome: Outcome;
    try {
      outcome = await attempt.start(body);
    } catch (error) {
      attempt.dispose();
      throw error;
    }
    if (outcome.kind === 'stream') {
      yield* attempt.read(outcome.reader, outcome.first);
      return;
    }
    attempt.dispose();
    const last = attemptNo >= request.retry.maxAttempts;
    if (!outcome.retryable || last) throw outcome.error;
    const delay = outcome.retryAfterMs ?? backoffDelay(request.retry, attemptNo, request.random);
    if (delay > request.retry.maxRetryAfterMs) throw outcome.error;
    request.logger.warn(
      `${request.provider}: ${outcome.what}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attemptNo + 1} of ${request.retry.maxAttempts})`,
    );
    try {
      await sleep(delay, undefined, request.signal ? { signal: request.signal } : {});
    } catch {
      throw new ProviderAbortedError(request.provider, request.signal?.reason);
    }
  }
}

/** One try: its own abort controller (linked to the caller's signal) and the timer that guards it. */
class Attempt {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private timedOut: TimeoutPhase | undefined;
  private readonly onCallerAbort = (): void => this.controller.abort(this.request.signal?.reason);

  constructor(private readonly request: SseRequest) {
    request.signal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  async start(body: string): Promise<Outcome> {
    const { request } = this;
    this.arm('first-byte', request.timeouts.firstByteMs);
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...request.headers },
        body,
        signal: this.controller.signal,
      });
      if (!response.ok) return this.failed(response, await response.text());
      const type = response.headers.get('content-type') ?? '';
      if (type.includes('application/json') || response.body === null) {
        const message = errorBodyMessage(await response.text());
        throw new ProviderStreamError(request.provider, `expected a stream (text/event-stream) but got ${type || 'no body'}${message ? `: ${this.scrub(message)}` : ''}`);
      }
      const reader = response.body.getReader();
      // The first chunk is read under the first-byte timer: a reset before it is still safe to retry.
      const first = await reader.read();
      this.clear();
      return { kind: 'stream', reader, first };
    } catch (error) {
      this.clear();
      if (error instanceof ProviderError) throw error;
      this.throwIfStopped();
      const detail = this.scrub(networkDetail(error));
      return {
        kind: 'failed',
        error: new ProviderUnreachableError(request.provider, displayUrl(request.url), detail, scrubbedCause(error, this.scrub)),
        retryable: true,
        what: `connection failed (${detail})`,
      };
    }
  }

  async *read(reader: ReadableStreamDefaultReader<Uint8Array>, first: ReadResult): AsyncGenerator<SseEvent, void, undefined> {
    const parser = new SseParser();
    let bytes = 0;
    let finished = false;
    try {
      let chunk = first;
      while (!chunk.done) {
        bytes += chunk.value.byteLength;
        for (const event of parser.push(chunk.value)) {
          // Events already in hand are not handed out after the caller aborted.
          if (this.request.signal?.aborted) throw new ProviderAbortedError(this.request.provider, this.request.signal.reason);
          yield event;
        }
        this.arm('idle', this.request.timeouts.idleMs);
        chunk = await reader.read();
        this.clear();
      }
      finished = true;
      yield* parser.end();
    } catch (error) {
      this.clear();
      if (error instanceof ProviderError) throw error;
      this.throwIfStopped();
      throw new ProviderStreamError(
        this.request.provider,
        `the connection closed mid-stream after ${bytes} bytes (${this.scrub(networkDetail(error))})`,
        scrubbedCause(error, this.scrub),
      );
    } finally {
      this.dispose();
      // Closing early (the caller stopped iterating, or we failed) releases the socket.
      if (!finished) await reader.cancel().catch(() => undefined);
    }
  }

  dispose(): void {
    this.clear();
    this.request.signal?.removeEventListener('abort', this.onCallerAbort);
  }

  private failed(response: Response, text: string): Outcome {
    this.clear();
    const { provider } = this.request;
    const status = response.status;
    const message = this.scrub(errorBodyMessage(text) || response.statusText || 'no details');
    const requestId = response.headers.get('request-id') ?? response.headers.get('x-request-id') ?? undefined;
    const shouldRetry = response.headers.get('x-should-retry');
    const retryAfterMs = parseRetryAfter(response.headers);
    if (status === 401 || status === 403) {
      return { kind: 'failed', error: new ProviderAuthError(provider, `the API key was rejected (HTTP ${status}: ${message})`, status), retryable: false, what: '' };
    }
    // A spent quota answers 429 too, but waiting will not refill it.
    const quota = status === 429 && errorBodyType(text) === 'insufficient_quota';
    const retryable = shouldRetry === 'false' || quota ? false : shouldRetry === 'true' || isRetryableStatus(status);
    const error = status === 429
      ? new ProviderRateLimitError(provider, `rate limited (HTTP 429: ${message})`, retryAfterMs)
      : new ProviderHttpError(provider, status, message, requestId);
    return { kind: 'failed', error, retryable, ...(retryAfterMs === undefined ? {} : { retryAfterMs }), what: `HTTP ${status}` };
  }

  private arm(phase: TimeoutPhase, ms: number): void {
    this.clear();
    this.timer = setTimeout(() => {
      this.timedOut = phase;
      this.controller.abort(new Error(`${phase} timeout`));
    }, ms);
  }

  private clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Abort and timeout both surface as odd network errors; say which one it really was. */
  private throwIfStopped(): void {
    const { provider, signal, timeouts } = this.request;
    if (signal?.aborted) throw new ProviderAbortedError(provider, signal.reason);
    if (this.timedOut !== undefined) {
      throw new ProviderTimeoutError(provider, this.timedOut, this.timedOut === 'first-byte' ? timeouts.firstByteMs : timeouts.idleMs);
    }
  }

  private readonly scrub = (text: string): string => scrubSecrets(text, this.request.secrets);
}

/** The most specific words undici gives for a failed connection (`ECONNREFUSED`, "other side closed"). */
function networkDetail(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A cause safe to keep on an error: same name and scrubbed message, no request objects hanging off it. */
function scrubbedCause(error: unknown, scrub: (text: string) => string): Error {
  const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const copy = new Error(scrub(inner instanceof Error ? inner.message : String(inner)));
  copy.name = inner instanceof Error ? inner.name : 'Error';
  return copy;
}
