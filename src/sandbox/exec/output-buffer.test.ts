import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutputBuffer } from './output-buffer';

test('keeps output up to the cap and counts the rest as truncated', () => {
  const buffer = new OutputBuffer(10);
  assert.equal(buffer.push(Buffer.from('12345')).toString(), '12345');
  assert.equal(buffer.push(Buffer.from('67890abc')).toString(), '67890');
  assert.equal(buffer.push(Buffer.from('more')).length, 0);
  assert.equal(buffer.text(), '1234567890');
  assert.equal(buffer.total, 17);
  assert.equal(buffer.truncated, true);
});

test('is not truncated when the output fits exactly', () => {
  const buffer = new OutputBuffer(4);
  buffer.push(Buffer.from('abcd'));
  assert.equal(buffer.truncated, false);
});
