// The same behaviour, asked of both HTTP providers against the local model
// server speaking each one's real wire format (so nothing reaches the internet). Wire shapes are checked in
// anthropic.test.ts and openai.test.ts.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { createServer } from 'node:net';
import { collect, startModelServer, type ModelServer, type ModelServerOptions, type ScriptTurn } from '../../../test/fixtures/model-server/index';
import { ConfigError } from '../../core/errors/config-error';
import type { Logger } from '../../core/logger';
import { AnthropicProvider } from './anthropic';
import { ProviderAbortedError } from './errors/provider-aborted-error';
import { ProviderAuthError, SET_API_KEY_COMMAND } from './errors/provider-auth-error';
import { ProviderHttpError } from './errors/provider-http-error';
import { ProviderRateLimitError } from './errors/provider-rate-limit-error';
import { ProviderStreamError } from './errors/provider-stream-error';
import { ProviderTimeoutError } from './errors/provider-timeout-error';
import { ProviderUnreachableError } from './errors/provider-unreachable-error';
import type { HttpProviderOptions } from './http-provider-options';
import type { ModelEvent, ModelProvider, ModelRequest } from './model-provider';
import { OpenAiProvider } from './openai';

const KEY = 'sk-test-0123456789abcdefSECRET';

interface Flavour {
  readonly name: string;
  baseUrl(server: ModelServer): string;
  create(options: HttpProviderOptions): ModelProvider;
}

const FLAVOURS: Flavour[] = [
  { name: 'Anthropic', baseUrl: (s) => s.url, create: (o) => new AnthropicProvider(o) },
  { name: 'OpenAI-compatible', baseUrl: (s) => s.openAiBaseUrl, create: (o) => new OpenAiProvider(o) },
];

const REQUEST: ModelRequest = {
  system: 'You are a careful coding agent.',
  turns: [{ role: 'user', text: 'Read the README, please.' }],
  tools: [{ name: 'read_file', description: 'Read a workspace file', inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } }],
};

/** A logger that keeps every line, to prove the key never reaches it. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (line: string): void => void lines.push(line);
  return { lines, debug: keep, info: keep, warn: keep, error: keep };
}

function textOf(events: ModelEvent[]): string {
  return events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('');
}

function last(events: ModelEvent[]): ModelEvent | undefined {
  return events.at(-1);
}

function stopReasonOf(events: ModelEvent[]): string | undefined {
  const done = last(events);
  return done?.type === 'done' ? done.stopReason : undefined;
}

for (const flavour of FLAVOURS) {
  describe(`${flavour.name} provider`, () => {
    const servers: ModelServer[] = [];
    const serve = async (script: ModelServerOptions['script'], more: Partial<ModelServerOptions> = {}): Promise<ModelServer> => {
      const server = await startModelServer({ script, ...more });
      servers.push(server);
      return server;
    };
    const provider = (server: ModelServer, options: Partial<HttpProviderOptions> = {}): ModelProvider => flavour.create({
      model: 'test-model',
      baseUrl: flavour.baseUrl(server),
      apiKey: KEY,
      retry: { initialDelayMs: 5, maxDelayMs: 20 },
      random: () => 0.5,
      ...options,
    });
    after(async () => {
      await Promise.all(servers.map((s) => s.close()));
    });

    test('streams text in order and ends with usage, then done', async () => {
      const server = await serve([{ text: 'Hello, wörld — a 🎉 answer streamed in many small pieces.', usage: { inputTokens: 42, outputTokens: 17 } }]);
      const { events, error } = await collect(provider(server).stream(REQUEST));
      assert.equal(error, undefined);
      assert.equal(textOf(events), 'Hello, wörld — a 🎉 answer streamed in many small pieces.');
      assert.ok(events.filter((e) => e.type === 'text-delta').length > 1, 'text arrives as several deltas');
      const usage = events.find((e) => e.type === 'usage');
      assert.equal(usage?.type === 'usage' && usage.inputTokens, 42);
      assert.equal(usage?.type === 'usage' && usage.outputTokens, 17);
      assert.deepEqual(last(events), { type: 'done', stopReason: 'end_turn', rawStopReason: flavour.name === 'Anthropic' ? 'end_turn' : 'stop' });
    });

    test('survives CRLF framing and keep-alive comments between events', async () => {
      const server = await serve([{ text: 'framed differently' }], { lineEnding: '\r\n', comments: true, maxPieceBytes: 3 });
      const { events, error } = await collect(provider(server).stream(REQUEST));
      assert.equal(error, undefined);
      assert.equal(textOf(events), 'framed differently');
    });

    test('reports each tool call once, complete, with its raw argument text', async () => {
      const server = await serve([{ text: 'Let me look.', toolCalls: [{ id: 'call_a', name: 'read_file', arguments: { path: 'README.md' } }, { id: 'call_b', name: 'read_file', arguments: { path: 'docs/ünïcode.md' } }] }]);
      const { events, error } = await collect(provider(server).stream(REQUEST));
      assert.equal(error, undefined);
      const calls = events.filter((e) => e.type === 'tool-call');
      assert.deepEqual(calls, [
        { type: 'tool-call', call: { id: 'call_a', name: 'read_file', arguments: '{"path":"README.md"}' }, malformed: false },
        { type: 'tool-call', call: { id: 'call_b', name: 'read_file', arguments: '{"path":"docs/ünïcode.md"}' }, malformed: false },
      ]);
      assert.equal(stopReasonOf(events), 'tool_use');
    });

    test('flags malformed tool-call JSON but still reports the call with the raw text', async () => {
      const raw = '{"path": "README.md", oops';
      const server = await serve([{ malformedToolCall: { name: 'read_file', arguments: raw } }]);
      const { events, error } = await collect(provider(server).stream(REQUEST));
      assert.equal(error, undefined);
      const call = events.find((e) => e.type === 'tool-call');
      assert.ok(call?.type === 'tool-call');
      assert.equal(call.call.arguments, raw);
      assert.equal(call.malformed, true);
    });

    test('flags arguments that are valid JSON but not an object', async () => {
      const server = await serve([{ toolCalls: [{ name: 'read_file', arguments: '["README.md"]' }] }]);
      const { events } = await collect(provider(server).stream(REQUEST));
      const call = events.find((e) => e.type === 'tool-call');
      assert.equal(call?.type === 'tool-call' && call.malformed, true);
    });

    test('reports a refusal as the refusal stop reason', async () => {
      const server = await serve([{ refusal: 'I will not read private keys.' }]);
      const { events, error } = await collect(provider(server).stream(REQUEST));
      assert.equal(error, undefined);
      assert.equal(textOf(events), 'I will not read private keys.');
      assert.equal(stopReasonOf(events), 'refusal');
    });

    test('reports running out of output tokens as max_tokens', async () => {
      const server = await serve([{ text: 'This answer is cut', stopReason: 'max_tokens' }]);
      const { events } = await collect(provider(server).stream(REQUEST));
      assert.equal(stopReasonOf(events), 'max_tokens');
    });

    test('waits out retry-after-ms on a 429, then succeeds', async () => {
      const logger = recordingLogger();
      const server = await serve([{ status: 429, retryAfterMs: 150 }, { text: 'ok' }]);
      const { events, error } = await collect(provider(server, { logger }).stream(REQUEST));
      assert.equal(error, undefined);
      assert.equal(textOf(events), 'ok');
      const [first, second] = server.requests;
      assert.ok(first && second);
      assert.ok(second.at - first.at >= 120, `retried after ${second.at - first.at} ms, asked for 150`);
      assert.match(logger.lines.join('\n'), /HTTP 429; retrying in 0\.1 s \(attempt 2 of 4\)/);
    });

    test('waits out retry-after given in seconds', async () => {
      const server = await serve([{ status: 429, retryAfter: 1 }, { text: 'ok' }]);
      const { error } = await collect(provider(server).stream(REQUEST));
      assert.equal(error, undefined);
      const [first, second] = server.requests;
      assert.ok(first && second && second.at - first.at >= 900, 'waited about a second');
    });

    test('fails at once with a rate-limit error when retry-after is longer than it will wait', async () => {
      const server = await serve([{ status: 429, retryAfter: 3600, errorMessage: 'slow down' }]);
      const { error } = await collect(provider(server).stream(REQUEST));
      assert.ok(error instanceof ProviderRateLimitError, String(error));
      assert.equal(error.retryAfterMs, 3_600_000);
      assert.match(error.message, /slow down.*try again in 3600 s/);
      assert.equal(server.requests.length, 1);
    });

    test('does not retry a 429 for a spent quota', async () => {
      const server = await serve([{ status: 429, errorType: 'insufficient_quota', errorMessage: 'You exceeded your current quota' }]);
      const { error } = await collect(provider(server).stream(REQUEST));
      assert.ok(error instanceof ProviderRateLimitError);
      assert.equal(server.requests.length, 1);
    });

    test('retries a 500 and then succeeds', async () => {
      const server = await serve([{ status: 500 }, { status: 529, errorMessage: 'Overloaded' }, { text: 'recovered' }]);
      const { events, error } = await collect(provider(server).stream(REQUEST));
      assert.equal(error, undefined);
      assert.equal(textOf(events), 'recovered');
      assert.equal(server.requests.length, 3);
    });

    test('gives up after the configured attempts with an HTTP error naming the status', async () => {
      const server = await serve(Array.from({ length: 3 }, (): ScriptTurn => ({ status: 503, errorMessage: 'upstream unavailable' })));
      const { error } = await collect(provider(server, { retry: { maxAttempts: 3, initialDelayMs: 1 } }).stream(REQUEST));
      assert.ok(error instanceof ProviderHttpError, String(error));
      assert.equal(error.status, 503);
      assert.match(error.message, /HTTP 503: upstream unavailable \(request id req_test2\)/);
      assert.equal(server.requests.length, 3);
    });

    test('does not retry a client error such as 400', async () => {
      const server = await serve([{ status: 400, errorMessage: 'model: unknown model test-model' }]);
      const { error } = await collect(provider(server).stream(REQUEST));
      assert.ok(error instanceof ProviderHttpError);
      assert.match(error.message, /unknown model/);
      assert.equal(server.requests.length, 1);
    });

    test('retries a connection reset before any byte of the body arrived', async () => {
      const server = await serve([{ cutAfterBytes: 0 }, { text: 'second time lucky' }]);
      const { events, error } = await collect(provider(server).stream(REQUEST));
      assert.equal(error, undefined);
      assert.equal(textOf(events), 'second time lucky');
      assert.equal(server.requests.length, 2);
    });

    test('a stream cut in the middle is a stream error, never a partial success', async () => {
      const server = await serve([{ text: 'x'.repeat(400), cutAfterBytes: 600 }]);
      const { events, error } = await collect(provider(server).stream(REQUEST));
      assert.ok(error instanceof ProviderStreamError, String(error));
      assert.match(error.message, /closed mid-stream after \d+ bytes/);
      assert.match(error.message, /incomplete/);
      assert.ok(events.some((e) => e.type === 'text-delta'), 'some text had streamed before the cut');
      assert.ok(!events.some((e) => e.type === 'done'));
      assert.equal(server.requests.length, 1, 'streamed output is never retried');
    });

    test('a stream that ends cleanly before its last event is a stream error', async () => {
      const server = await serve([{ text: 'y'.repeat(200), endAfterBytes: 400 }]);
      const { events, error } = await collect(provider(server).stream(REQUEST));
      assert.ok(error instanceof ProviderStreamError, String(error));
      assert.match(error.message, flavour.name === 'Anthropic' ? /before message_stop/ : /before \[DONE\]/);
      assert.ok(!events.some((e) => e.type === 'done'));
    });

    test('an error event in the stream is a stream error carrying the server\'s words', async () => {
      const server = await serve([{ streamError: { type: 'overloaded_error', message: 'Overloaded' } }]);
      const { error } = await collect(provider(server).stream(REQUEST));
      assert.ok(error instanceof ProviderStreamError, String(error));
      assert.match(error.message, /Overloaded/);
    });

    test('times out when no first byte arrives in time, without retrying', async () => {
      const server = await serve([{ text: 'too late', delayMs: 400 }]);
      const { error } = await collect(provider(server, { timeouts: { firstByteMs: 80 } }).stream(REQUEST));
      assert.ok(error instanceof ProviderTimeoutError, String(error));
      assert.equal(error.phase, 'first-byte');
      assert.match(error.message, /no answer within 80 ms/);
      assert.equal(server.requests.length, 1);
    });

    test('times out when the stream stalls between pieces', async () => {
      const server = await serve([{ text: 'z'.repeat(200), stall: { afterBytes: 300, ms: 500 } }]);
      const { events, error } = await collect(provider(server, { timeouts: { idleMs: 80 } }).stream(REQUEST));
      assert.ok(error instanceof ProviderTimeoutError, String(error));
      assert.equal(error.phase, 'idle');
      assert.ok(!events.some((e) => e.type === 'done'));
    });

    test('aborting mid-stream ends the call with an abort error and closes the connection', async () => {
      const server = await serve([{ text: 'w'.repeat(300), stall: { afterBytes: 1500, ms: 2000 } }]);
      const controller = new AbortController();
      const events: ModelEvent[] = [];
      let caught: unknown;
      try {
        for await (const event of provider(server).stream(REQUEST, { signal: controller.signal })) {
          events.push(event);
          if (events.length === 1) setTimeout(() => controller.abort(), 20);
        }
      } catch (error) {
        caught = error;
      }
      assert.ok(caught instanceof ProviderAbortedError, String(caught));
      assert.ok(!events.some((e) => e.type === 'done'));
      await waitFor(() => server.requests[0]?.clientClosedEarly === true);
    });

    test('an already aborted signal throws before any request is made', async () => {
      const server = await serve([{ text: 'never' }]);
      const { error } = await collect(provider(server).stream(REQUEST, { signal: AbortSignal.abort() }));
      assert.ok(error instanceof ProviderAbortedError);
      assert.equal(server.requests.length, 0);
    });

    test('aborting while waiting out a retry stops waiting', async () => {
      const server = await serve([{ status: 429, retryAfter: 30 }, { text: 'never' }]);
      const { error } = await collect(provider(server).stream(REQUEST, { signal: AbortSignal.timeout(100) }));
      // Aborted, and never asked again: it did not wait the 30 s out (said by the outcome, not a clock).
      assert.ok(error instanceof ProviderAbortedError, String(error));
      assert.equal(server.requests.length, 1);
    });

    test('breaking out of the loop early closes the connection', async () => {
      const server = await serve([{ text: 'v'.repeat(300), stall: { afterBytes: 1500, ms: 2000 } }]);
      for await (const event of provider(server).stream(REQUEST)) {
        if (event.type === 'text-delta') break;
      }
      await waitFor(() => server.requests[0]?.clientClosedEarly === true);
    });

    test('a rejected key is an auth error that names the fixing command and never the key', async () => {
      const logger = recordingLogger();
      const server = await serve([{ text: 'never' }], { apiKey: 'the-right-key-000000' });
      const { error } = await collect(provider(server, { logger }).stream(REQUEST));
      assert.ok(error instanceof ProviderAuthError, String(error));
      assert.equal(error.status, 401);
      assert.ok(error.message.includes(SET_API_KEY_COMMAND), error.message);
      assert.match(error.message, /\[redacted\]/, 'the server echoed the key; it is masked');
      assert.ok(!inspect(error, { depth: null }).includes(KEY), 'the key is nowhere in the error, its cause or stack');
      assert.ok(!logger.lines.join('\n').includes(KEY));
      assert.equal(server.requests.length, 1, 'auth failures are not retried');
    });

    test('a 403 is an auth error too', async () => {
      const server = await serve([{ status: 403, errorMessage: 'this key may not use this model' }]);
      const { error } = await collect(provider(server).stream(REQUEST));
      assert.ok(error instanceof ProviderAuthError);
      assert.equal(error.status, 403);
    });

    test('the key never appears in errors built from server text, even when the server repeats it', async () => {
      const logger = recordingLogger();
      const server = await serve([
        { status: 500, errorMessage: `internal error while checking ${KEY}` },
        { status: 500, errorMessage: `still failing for ${KEY}` },
      ]);
      const { error } = await collect(provider(server, { logger, retry: { maxAttempts: 2, initialDelayMs: 1 } }).stream(REQUEST));
      assert.ok(error instanceof ProviderHttpError);
      assert.ok(!inspect(error, { depth: null }).includes(KEY));
      assert.ok(!logger.lines.join('\n').includes(KEY));
    });

    test('an unreachable server is retried, then reported with its address and no key', async () => {
      const port = await freePort();
      const p = flavour.create({ model: 'm', baseUrl: `http://127.0.0.1:${port}`, apiKey: KEY, retry: { maxAttempts: 2, initialDelayMs: 1 } });
      const { error } = await collect(p.stream(REQUEST));
      assert.ok(error instanceof ProviderUnreachableError, String(error));
      assert.match(error.message, new RegExp(`could not reach http://127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
      assert.ok(!inspect(error, { depth: null }).includes(KEY));
    });

    test('refuses a base URL without an http(s) scheme when it is configured', () => {
      assert.throws(() => flavour.create({ model: 'm', baseUrl: 'localhost:11434/v1' }), (e) => e instanceof ConfigError && /"localhost:11434\/v1" is not an http\(s\) URL.*include the scheme/.test(e.message));
      assert.throws(() => flavour.create({ model: 'm', baseUrl: 'http://' }), (e) => e instanceof ConfigError && /the value given is not/.test(e.message));
    });

    test('a key given as a function is read when the call starts', async () => {
      let current = 'first-key-aaaaaaaa';
      const server = await serve([{ text: 'one' }, { text: 'two' }]);
      const p = provider(server, { apiKey: () => current });
      await collect(p.stream(REQUEST));
      current = 'second-key-bbbbbbbb';
      await collect(p.stream(REQUEST));
      const presented = server.requests.map((r) => r.headers['x-api-key'] ?? r.headers.authorization);
      assert.deepEqual(presented, flavour.name === 'Anthropic'
        ? ['first-key-aaaaaaaa', 'second-key-bbbbbbbb']
        : ['Bearer first-key-aaaaaaaa', 'Bearer second-key-bbbbbbbb']);
    });
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A port nothing listens on: bind one, then free it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
