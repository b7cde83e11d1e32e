// What goes over the wire to the Messages API, checked on the requests the
// local model server recorded (it also refuses bodies the real API refuses).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { collect, startModelServer, type ModelServer, type ScriptTurn } from '../../../test/fixtures/model-server/index';
import { AnthropicProvider } from './anthropic';
import { ProviderAuthError, SET_API_KEY_COMMAND } from './errors/provider-auth-error';
import type { HttpProviderOptions } from './http-provider-options';
import type { ModelRequest, ToolCall, Turn } from './model-provider';

const KEY = 'sk-ant-test-key-0001';
const servers: ModelServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function setUp(script: ScriptTurn[], options: Partial<HttpProviderOptions> = {}): Promise<{ server: ModelServer; provider: AnthropicProvider }> {
  const server = await startModelServer({ script, apiKey: KEY });
  servers.push(server);
  return { server, provider: new AnthropicProvider({ model: 'claude-sonnet-4-5', baseUrl: server.url, apiKey: KEY, ...options }) };
}

const TOOLS: ModelRequest['tools'] = [
  { name: 'read_file', description: 'Read a workspace file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } },
  { name: 'run_command', description: 'Run a command in the sandbox', inputSchema: { type: 'object', properties: { argv: { type: 'array' } } } },
];

function bodyOf(server: ModelServer, index: number): Record<string, unknown> {
  return server.requests[index]?.body as Record<string, unknown>;
}

test('posts to /v1/messages with the key, the API version, and a streaming body', async () => {
  const { server, provider } = await setUp([{ text: 'hi' }], { maxTokens: 1234 });
  const { error } = await collect(provider.stream({ system: 'Be careful.', turns: [{ role: 'user', text: 'Hello' }], tools: TOOLS, temperature: 0 }));
  assert.equal(error, undefined);
  const request = server.requests[0];
  assert.equal(request?.path, '/v1/messages');
  assert.equal(request?.headers['x-api-key'], KEY);
  assert.equal(request?.headers['anthropic-version'], '2023-06-01');
  assert.equal(request?.headers['content-type'], 'application/json');
  assert.deepEqual(bodyOf(server, 0), {
    model: 'claude-sonnet-4-5',
    max_tokens: 1234,
    stream: true,
    temperature: 0,
    system: [{ type: 'text', text: 'Be careful.', cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello', cache_control: { type: 'ephemeral' } }] }],
    tools: [
      { name: 'read_file', description: 'Read a workspace file', input_schema: TOOLS[0]?.inputSchema },
      { name: 'run_command', description: 'Run a command in the sandbox', input_schema: TOOLS[1]?.inputSchema, cache_control: { type: 'ephemeral' } },
    ],
  });
});

test('a per-request output limit overrides the configured one, which defaults to 8192', async () => {
  const { server, provider } = await setUp([{ text: 'a' }, { text: 'b' }]);
  await collect(provider.stream({ system: '', turns: [{ role: 'user', text: 'x' }], tools: [] }));
  await collect(provider.stream({ system: '', turns: [{ role: 'user', text: 'x' }], tools: [], maxTokens: 50 }));
  assert.equal(bodyOf(server, 0).max_tokens, 8192);
  assert.equal(bodyOf(server, 1).max_tokens, 50);
  assert.equal('system' in bodyOf(server, 0), false, 'an empty system prompt is left out');
  assert.equal('tools' in bodyOf(server, 0), false, 'no tools, no tools field');
});

test('round-trips a tool call: the result goes back as a tool_result block in a user turn', async () => {
  const { server, provider } = await setUp([
    { text: 'Reading it.', toolCalls: [{ name: 'read_file', arguments: { path: 'README.md' } }] },
    { text: 'The README says hello.' },
  ]);
  const first = await collect(provider.stream({ system: 's', turns: [{ role: 'user', text: 'Summarise the README' }], tools: TOOLS }));
  const calls = first.events.flatMap((e) => (e.type === 'tool-call' ? [e.call] : []));
  assert.equal(calls.length, 1);
  const turns: Turn[] = [
    { role: 'user', text: 'Summarise the README' },
    { role: 'assistant', text: 'Reading it.', toolCalls: calls },
    { role: 'tool-result', toolCallId: calls[0]!.id, content: '# Hello' },
  ];
  const second = await collect(provider.stream({ system: 's', turns, tools: TOOLS }));
  assert.equal(second.error, undefined);
  assert.deepEqual(bodyOf(server, 1).messages, [
    { role: 'user', content: [{ type: 'text', text: 'Summarise the README' }] },
    { role: 'assistant', content: [
      { type: 'text', text: 'Reading it.' },
      { type: 'tool_use', id: calls[0]!.id, name: 'read_file', input: { path: 'README.md' } },
    ] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: calls[0]!.id, content: '# Hello', cache_control: { type: 'ephemeral' } }] },
  ]);
});

test('several tool results and a following user note share one user turn, results first', async () => {
  const { server, provider } = await setUp([{ text: 'ok' }]);
  const calls: ToolCall[] = [
    { id: 'toolu_1', name: 'read_file', arguments: '{"path":"a"}' },
    { id: 'toolu_2', name: 'run_command', arguments: '{"argv":["rm","-rf","/"]}' },
  ];
  const { error } = await collect(provider.stream({
    system: 's',
    tools: TOOLS,
    turns: [
      { role: 'user', text: 'go' },
      { role: 'assistant', text: '', toolCalls: calls },
      { role: 'tool-result', toolCallId: 'toolu_1', content: 'contents of a' },
      { role: 'tool-result', toolCallId: 'toolu_2', content: 'Refused by policy: rm -rf / is denied', isError: true },
      { role: 'user', text: 'and be quick' },
    ],
  }));
  assert.equal(error, undefined, String(error));
  const messages = bodyOf(server, 0).messages as { role: string; content: Record<string, unknown>[] }[];
  assert.equal(messages.length, 3);
  assert.deepEqual(messages[1]?.content.map((b) => b.type), ['tool_use', 'tool_use'], 'an empty text is not sent');
  assert.deepEqual(messages[2]?.content.map((b) => [b.type, b.tool_use_id, b.is_error]), [
    ['tool_result', 'toolu_1', undefined],
    ['tool_result', 'toolu_2', true],
    ['text', undefined, undefined],
  ]);
});

test('a malformed tool call is echoed back as empty input, which the API accepts', async () => {
  const { server, provider } = await setUp([{ text: 'ok' }]);
  const { error } = await collect(provider.stream({
    system: 's',
    tools: TOOLS,
    turns: [
      { role: 'user', text: 'go' },
      { role: 'assistant', text: 'Trying.', toolCalls: [{ id: 'toolu_bad', name: 'read_file', arguments: '{"path": ' }] },
      { role: 'tool-result', toolCallId: 'toolu_bad', content: 'Refused: the arguments are not valid JSON', isError: true },
    ],
  }));
  assert.equal(error, undefined, String(error));
  const messages = bodyOf(server, 0).messages as { content: Record<string, unknown>[] }[];
  assert.deepEqual(messages[1]?.content[1], { type: 'tool_use', id: 'toolu_bad', name: 'read_file', input: {} });
});

test('without a key it fails before any request, naming the command that sets one', async () => {
  const { server } = await setUp([{ text: 'never' }]);
  const provider = new AnthropicProvider({ model: 'claude-sonnet-4-5', baseUrl: server.url, apiKey: async () => '  ' });
  const { error } = await collect(provider.stream({ system: '', turns: [{ role: 'user', text: 'x' }], tools: [] }));
  assert.ok(error instanceof ProviderAuthError);
  assert.equal(error.message, `Anthropic: no API key is set — run “${SET_API_KEY_COMMAND}” to enter a valid key`);
  assert.equal(server.requests.length, 0);
});

test('knows the context window and price of known models; settings override them', () => {
  const known = new AnthropicProvider({ model: 'claude-sonnet-4-5-20250929' }).info;
  assert.equal(known.contextWindow, 200_000);
  assert.deepEqual(known.cost, { inputPerMillion: 3, outputPerMillion: 15 });
  const custom = new AnthropicProvider({ model: 'claude-next', contextWindow: 1_000_000 }).info;
  assert.equal(custom.contextWindow, 1_000_000);
  assert.equal(custom.cost, undefined);
});
