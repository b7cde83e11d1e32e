import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SseParser, type SseEvent } from './sse-parser';

const STREAM = [
  ': a comment the parser skips\r\n',
  'event: content_block_delta\r\n',
  'data: {"text":"héllo 🎉"}\r\n',
  '\r\n',
  'data: first line\n',
  'data:second line, no space\n',
  'id: 7\n',
  '\n',
  'event: ping\r',
  'data: {}\r',
  '\r',
  'data: [DONE]\n\n',
].join('');

const EXPECTED: SseEvent[] = [
  { event: 'content_block_delta', data: '{"text":"héllo 🎉"}' },
  { event: 'message', data: 'first line\nsecond line, no space', id: '7' },
  { event: 'ping', data: '{}', id: '7' },
  { event: 'message', data: '[DONE]', id: '7' },
];

function parseInPieces(bytes: Uint8Array, cuts: number[]): SseEvent[] {
  const parser = new SseParser();
  const events: SseEvent[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    events.push(...parser.push(bytes.subarray(from, cut)));
    from = cut;
  }
  events.push(...parser.push(bytes.subarray(from)));
  events.push(...parser.end());
  return events;
}

test('parses LF, CRLF and CR lines, comments, multi-line data and ids', () => {
  assert.deepEqual(parseInPieces(new TextEncoder().encode(STREAM), []), EXPECTED);
});

test('gives the same events whichever single byte the stream is split at', () => {
  const bytes = new TextEncoder().encode(STREAM);
  for (let cut = 0; cut <= bytes.length; cut++) {
    assert.deepEqual(parseInPieces(bytes, [cut]), EXPECTED, `split at byte ${cut}`);
  }
});

test('gives the same events for any way of cutting the stream into pieces', () => {
  const bytes = new TextEncoder().encode(STREAM);
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 40 }), (cuts) => {
    assert.deepEqual(parseInPieces(bytes, cuts), EXPECTED);
  }));
});

test('holds a trailing CR until it knows whether an LF follows', () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push('data: x\r\n\r'), []);
  assert.deepEqual(parser.push('\ndata: y\n\n'), [{ event: 'message', data: 'x' }, { event: 'message', data: 'y' }]);
});

test('drops an event the body ended before finishing', () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push('data: {"complete":true}\n\ndata: {"cut'), [{ event: 'message', data: '{"complete":true}' }]);
  assert.deepEqual(parser.end(), []);
});

test('strips a byte-order mark and ignores unknown fields and empty data', () => {
  const parser = new SseParser();
  const events = parser.push('\uFEFFretry: 10\nfoo: bar\nevent: lonely\n\ndata\n\n');
  assert.deepEqual(events, [{ event: 'message', data: '' }]);
});
