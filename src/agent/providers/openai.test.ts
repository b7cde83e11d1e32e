// What goes over the wire to a Chat Completions server, checked on the
// requests the local model server recorded (it also refuses bodies OpenAI
// refuses).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { collect, startModelServer, type ModelServer, type ScriptTurn } from '../../../test/fixtures/model-server/index';
import { ProviderAuthError, SET_API_KEY_COMMAND } from './errors/provider-auth-error';
import type { ModelRequest, Turn } from './model-provider';
import { OpenAiProvider, type OpenAiProviderOptions } from './openai';

const KEY = 'sk-proj-test-key-0002';
const servers: ModelServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function setUp(script: ScriptTurn[], options: Partial<OpenAiProviderOptions> = {}, serverKey: string | null = KEY): Promise<{ server: ModelServer; provider: OpenAiProvider }> {
  const server = await startModelServer({ script, ...(serverKey === null ? {} : { apiKey: serverKey }) });
  servers.push(server);
  return { server, provider: new OpenAiProvider({ model: 'qwen2.5-coder', baseUrl: server.openAiBaseUrl, apiKey: KEY, ...options }) };
}

const TOOLS: ModelRequest['tools'] = [
  { name: 'read_file', description: 'Read a workspace file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } },
];

function bodyOf(server: ModelServer, index: number): Record<string, unknown> {
  return server.requests[index]?.body as Record<string, unknown>;
}

test('posts to {baseUrl}/chat/completions with a bearer key, streaming with usage', async () => {
  const { server, provider } = await setUp([{ text: 'hi' }], { maxTokens: 500 });
  const { error } = await collect(provider.stream({ system: 'Be careful.', turns: [{ role: 'user', text: 'Hello' }], tools: TOOLS }));
  assert.equal(error, undefined);
  const request = server.requests[0];
  assert.equal(request?.path, '/v1/chat/completions');
  assert.equal(request?.headers.authorization, `Bearer ${KEY}`);
  assert.deepEqual(bodyOf(server, 0), {
    model: 'qwen2.5-coder',
    stream: true,
    stream_options: { include_usage: true },
    max_tokens: 500,
    messages: [{ role: 'system', content: 'Be careful.' }, { role: 'user', content: 'Hello' }],
    tools: [{ type: 'function', function: { name: 'read_file', description: 'Read a workspace file', parameters: TOOLS[0]?.inputSchema } }],
  });
});

test('local servers need no key: no Authorization header is sent', async () => {
  const { server } = await setUp([{ text: 'local answer' }], {}, null);
  const provider = new OpenAiProvider({ model: 'llama3.1', baseUrl: `${server.openAiBaseUrl}/` });
  const { events, error } = await collect(provider.stream({ system: '', turns: [{ role: 'user', text: 'x' }], tools: [] }));
  assert.equal(error, undefined);
  assert.equal(events.at(-1)?.type, 'done');
  assert.equal(server.requests[0]?.headers.authorization, undefined);
  assert.equal(server.requests[0]?.path, '/v1/chat/completions', 'a trailing slash in the base URL is harmless');
  assert.match(provider.info.label, /^OpenAI-compatible server at http:\/\/127\.0\.0\.1:\d+\/v1$/);
  assert.equal(provider.info.cost, undefined, 'local models have no price');
});

test('OpenAI itself needs a key: without one it fails before any request, naming the fix', async () => {
  const provider = new OpenAiProvider({ model: 'gpt-4o' });
  const { error } = await collect(provider.stream({ system: '', turns: [{ role: 'user', text: 'x' }], tools: [] }));
  assert.ok(error instanceof ProviderAuthError);
  assert.ok(error.message.includes(SET_API_KEY_COMMAND));
  assert.equal(provider.info.label, 'OpenAI');
  assert.equal(provider.info.contextWindow, 128_000);
});

test('round-trips a tool call: assistant tool_calls, then a role "tool" message', async () => {
  const { server, provider } = await setUp([
    { toolCalls: [{ name: 'read_file', arguments: { path: 'README.md' } }] },
    { text: 'Done.' },
  ]);
  const first = await collect(provider.stream({ system: 's', turns: [{ role: 'user', text: 'Summarise the README' }], tools: TOOLS }));
  const calls = first.events.flatMap((e) => (e.type === 'tool-call' ? [e.call] : []));
  assert.equal(calls.length, 1);
  const turns: Turn[] = [
    { role: 'user', text: 'Summarise the README' },
    { role: 'assistant', text: '', toolCalls: calls },
    { role: 'tool-result', toolCallId: calls[0]!.id, content: '# Hello' },
  ];
  const second = await collect(provider.stream({ system: 's', turns, tools: TOOLS }));
  assert.equal(second.error, undefined, String(second.error));
  assert.deepEqual((bodyOf(server, 1).messages as unknown[]).slice(1), [
    { role: 'user', content: 'Summarise the README' },
    { role: 'assistant', content: null, tool_calls: [{ id: calls[0]!.id, type: 'function', function: { name: 'read_file', arguments: '{"path":"README.md"}' } }] },
    { role: 'tool', tool_call_id: calls[0]!.id, content: '# Hello' },
  ]);
});

test('an error result says so in words, and a malformed call is echoed verbatim', async () => {
  const { server, provider } = await setUp([{ text: 'ok' }]);
  const { error } = await collect(provider.stream({
    system: '',
    tools: TOOLS,
    turns: [
      { role: 'user', text: 'go' },
      { role: 'assistant', text: 'Trying.', toolCalls: [{ id: 'call_bad', name: 'read_file', arguments: '{"path": ' }] },
      { role: 'tool-result', toolCallId: 'call_bad', content: 'the arguments are not valid JSON', isError: true },
    ],
  }));
  assert.equal(error, undefined, String(error));
  const messages = bodyOf(server, 0).messages as Record<string, unknown>[];
  assert.deepEqual(messages[1], { role: 'assistant', content: 'Trying.', tool_calls: [{ id: 'call_bad', type: 'function', function: { name: 'read_file', arguments: '{"path": ' } }] });
  assert.deepEqual(messages[2], { role: 'tool', tool_call_id: 'call_bad', content: 'Error: the arguments are not valid JSON' });
});

test('OpenAI itself gets max_completion_tokens; the field can be chosen for other servers', async () => {
  const { server, provider } = await setUp([{ text: 'a' }], { maxTokens: 99, maxTokensField: 'max_completion_tokens' });
  await collect(provider.stream({ system: '', turns: [{ role: 'user', text: 'x' }], tools: [] }));
  assert.equal(bodyOf(server, 0).max_completion_tokens, 99);
  assert.equal('max_tokens' in bodyOf(server, 0), false);
});

test('without includeUsage it sends no stream_options and reports no usage', async () => {
  const { server, provider } = await setUp([{ text: 'a' }], { includeUsage: false });
  const { events, error } = await collect(provider.stream({ system: '', turns: [{ role: 'user', text: 'x' }], tools: [] }));
  assert.equal(error, undefined);
  assert.equal('stream_options' in bodyOf(server, 0), false);
  assert.equal(events.some((e) => e.type === 'usage'), false);
  assert.equal(events.at(-1)?.type, 'done');
});
