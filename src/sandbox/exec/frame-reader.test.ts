import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameReader, type Frame } from './frame-reader';

function frame(kind: string, id: number, payload: string): Buffer {
  const body = Buffer.from(payload);
  const head = Buffer.alloc(9);
  head.write(kind, 0, 'latin1');
  head.writeUInt32BE(id, 1);
  head.writeUInt32BE(body.length, 5);
  return Buffer.concat([head, body]);
}

test('reads frames split at every possible byte boundary', () => {
  const stream = Buffer.concat([frame('O', 1, 'hello'), frame('E', 2, ''), frame('X', 1, '{"code":0}')]);
  for (let cut = 0; cut <= stream.length; cut++) {
    const frames: Frame[] = [];
    const reader = new FrameReader((f) => frames.push(f));
    reader.push(stream.subarray(0, cut));
    reader.push(stream.subarray(cut));
    assert.deepEqual(frames.map((f) => [f.kind, f.id, f.payload.toString()]), [['O', 1, 'hello'], ['E', 2, ''], ['X', 1, '{"code":0}']]);
  }
});

test('reads frames fed one byte at a time', () => {
  const stream = Buffer.concat([frame('R', 0, '{}'), frame('O', 7, 'x'.repeat(1000))]);
  const frames: Frame[] = [];
  const reader = new FrameReader((f) => frames.push(f));
  for (const byte of stream) reader.push(Buffer.from([byte]));
  assert.equal(frames.length, 2);
  assert.equal(frames[1]!.payload.length, 1000);
});
