// Stream shapes the model server does not produce but real compatible servers do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderStreamError } from './errors/provider-stream-error';
import type { ModelEvent } from './model-provider';
import { OpenAiStreamDecoder } from './openai-decoder';

function decodeAll(chunks: unknown[]): ModelEvent[] {
  const decoder = new OpenAiStreamDecoder('test', (t) => t);
  const events = chunks.flatMap((chunk) => decoder.decode({ event: 'message', data: typeof chunk === 'string' ? chunk : JSON.stringify(chunk) }));
  decoder.finish();
  return events;
}

const delta = (d: Record<string, unknown>, finish: string | null = null): unknown => ({ choices: [{ index: 0, delta: d, finish_reason: finish }] });

test('assembles interleaved tool calls by index and reports them in index order', () => {
  const events = decodeAll([
    delta({ tool_calls: [{ index: 1, id: 'call_b', function: { name: 'two', arguments: '{"b"' } }] }),
    delta({ tool_calls: [{ index: 0, id: 'call_a', function: { name: 'one', arguments: '{"a":' } }] }),
    delta({ tool_calls: [{ index: 1, function: { arguments: ':2}' } }, { index: 0, function: { arguments: '1}' } }] }),
    delta({}, 'tool_calls'),
    '[DONE]',
  ]);
  assert.deepEqual(events, [
    { type: 'tool-call', call: { id: 'call_a', name: 'one', arguments: '{"a":1}' }, malformed: false },
    { type: 'tool-call', call: { id: 'call_b', name: 'two', arguments: '{"b":2}' }, malformed: false },
    { type: 'done', stopReason: 'tool_use', rawStopReason: 'tool_calls' },
  ]);
});

test('gives an id to a call that came without one, and reads empty arguments as {}', () => {
  const events = decodeAll([delta({ tool_calls: [{ function: { name: 'list_files', arguments: '' } }] }, 'stop'), '[DONE]']);
  const call = events[0];
  assert.ok(call?.type === 'tool-call');
  assert.match(call.call.id, /^call_[0-9a-f]{24}$/);
  assert.equal(call.call.arguments, '{}');
  assert.deepEqual(events[1], { type: 'done', stopReason: 'tool_use', rawStopReason: 'stop' }, 'older Ollama finishes tool calls with "stop"');
});

test('maps content_filter to a refusal and unknown finish reasons to other', () => {
  assert.deepEqual(decodeAll([delta({ content: 'x' }, 'content_filter'), '[DONE]']).at(-1), { type: 'done', stopReason: 'refusal', rawStopReason: 'content_filter' });
  assert.deepEqual(decodeAll([delta({ content: 'x' }, 'eos'), '[DONE]']).at(-1), { type: 'done', stopReason: 'other', rawStopReason: 'eos' });
});

test('an error chunk and an unreadable chunk are stream errors', () => {
  assert.throws(() => decodeAll([{ error: { message: 'model crashed' } }]), (e) => e instanceof ProviderStreamError && /model crashed/.test(e.message));
  assert.throws(() => decodeAll(['{"choices": [']), ProviderStreamError);
});
