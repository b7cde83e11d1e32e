// Stream shapes the model server does not produce but the real API may.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnthropicStreamDecoder } from './anthropic-decoder';
import { ProviderStreamError } from './errors/provider-stream-error';
import type { ModelEvent } from './model-provider';

function decodeAll(events: Record<string, unknown>[], finish = true): ModelEvent[] {
  const decoder = new AnthropicStreamDecoder('test', (t) => t);
  const out = events.flatMap((data) => decoder.decode({ event: String(data.type), data: JSON.stringify(data) }));
  if (finish) decoder.finish();
  return out;
}

const start = { type: 'message_start', message: { usage: { input_tokens: 10, output_tokens: 1, cache_read_input_tokens: 7 } } };
const stop = (reason: string): Record<string, unknown>[] => [
  { type: 'message_delta', delta: { stop_reason: reason }, usage: { output_tokens: 5 } },
  { type: 'message_stop' },
];

test('skips thinking blocks and unknown events, keeping text and cache usage', () => {
  const events = decodeAll([
    start,
    { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } },
    { type: 'content_block_stop', index: 0 },
    { type: 'some_future_event' },
    { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
    { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Hi' } },
    { type: 'content_block_stop', index: 1 },
    ...stop('end_turn'),
  ]);
  assert.deepEqual(events, [
    { type: 'text-delta', text: 'Hi' },
    { type: 'usage', inputTokens: 10, outputTokens: 5, cacheReadTokens: 7 },
    { type: 'done', stopReason: 'end_turn', rawStopReason: 'end_turn' },
  ]);
});

test('a tool call without deltas takes its input from the block start', () => {
  const events = decodeAll([
    start,
    { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'list_files', input: { path: '.' } } },
    { type: 'content_block_stop', index: 0 },
    ...stop('tool_use'),
  ]);
  assert.deepEqual(events[0], { type: 'tool-call', call: { id: 'toolu_1', name: 'list_files', arguments: '{"path":"."}' }, malformed: false });
});

test('message_stop with a tool call still open is a stream error', () => {
  assert.throws(() => decodeAll([
    start,
    { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'read_file', input: {} } },
    { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"pa' } },
    ...stop('tool_use'),
  ]), (e) => e instanceof ProviderStreamError && /still open/.test(e.message));
});

test('maps stop reasons, keeping the raw word', () => {
  const reason = (raw: string): unknown => decodeAll([start, ...stop(raw)]).at(-1);
  assert.deepEqual(reason('stop_sequence'), { type: 'done', stopReason: 'end_turn', rawStopReason: 'stop_sequence' });
  assert.deepEqual(reason('model_context_window_exceeded'), { type: 'done', stopReason: 'max_tokens', rawStopReason: 'model_context_window_exceeded' });
  assert.deepEqual(reason('pause_turn'), { type: 'done', stopReason: 'other', rawStopReason: 'pause_turn' });
});

test('a delta for a block that never started is a stream error', () => {
  assert.throws(() => decodeAll([start, { type: 'content_block_delta', index: 3, delta: { type: 'text_delta', text: 'x' } }]), ProviderStreamError);
});
