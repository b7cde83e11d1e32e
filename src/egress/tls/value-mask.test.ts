import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValueMask } from './value-mask';

const VALUE = 'npm_Real-Value-0123456789';

function through(chunks: string[]): string {
  const mask = new ValueMask([VALUE]);
  const out: Buffer[] = [];
  for (const c of chunks) out.push(...mask.push(Buffer.from(c)));
  out.push(mask.flush());
  return Buffer.concat(out).toString();
}

describe('masking a secret in a response stream', () => {
  it('replaces each value with as many * as it has bytes, so the length stays right', () => {
    assert.equal(through([`a ${VALUE} b ${VALUE}`]), `a ${'*'.repeat(VALUE.length)} b ${'*'.repeat(VALUE.length)}`);
  });

  it('finds a value split across chunks at any point, however short the chunks', () => {
    const text = `before ${VALUE} after`;
    for (const size of [1, 2, 5, 24, 25, 26, 40]) {
      const chunks: string[] = [];
      for (let at = 0; at < text.length; at += size) chunks.push(text.slice(at, at + size));
      assert.equal(through(chunks), `before ${'*'.repeat(VALUE.length)} after`, `chunks of ${size}`);
    }
    for (let cut = 1; cut < text.length; cut++) assert.equal(through([text.slice(0, cut), text.slice(cut)]), `before ${'*'.repeat(VALUE.length)} after`);
  });

  it('passes a stream without values through unchanged', () => {
    assert.equal(through(['hello ', 'world']), 'hello world');
  });
});
