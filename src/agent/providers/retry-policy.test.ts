import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, readRetryOptions } from './retry-policy';

test('reads retry-after as seconds, fractions included', () => {
  assert.equal(parseRetryAfter(new Headers({ 'retry-after': '2' })), 2000);
  assert.equal(parseRetryAfter(new Headers({ 'retry-after': '0.25' })), 250);
});

test('reads retry-after as an HTTP date relative to now', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
  assert.equal(parseRetryAfter(new Headers({ 'retry-after': 'Wed, 21 Oct 2015 07:28:30 GMT' }), now), 30_000);
  assert.equal(parseRetryAfter(new Headers({ 'retry-after': 'Wed, 21 Oct 2015 07:27:00 GMT' }), now), 0);
});

test('prefers retry-after-ms over retry-after', () => {
  assert.equal(parseRetryAfter(new Headers({ 'retry-after-ms': '120', 'retry-after': '9' })), 120);
});

test('ignores absent, negative and unreadable values', () => {
  assert.equal(parseRetryAfter(new Headers()), undefined);
  assert.equal(parseRetryAfter(new Headers({ 'retry-after': 'soon' })), undefined);
  assert.equal(parseRetryAfter(new Headers({ 'retry-after': '-3' })), undefined);
  assert.equal(parseRetryAfter(new Headers({ 'retry-after-ms': 'x', 'retry-after': '1' })), 1000);
});

test('retries rate limits, timeouts, conflicts and server errors, but not client errors', () => {
  for (const status of [408, 409, 429, 500, 502, 503, 529]) assert.equal(isRetryableStatus(status), true, String(status));
  for (const status of [400, 401, 403, 404, 413, 422]) assert.equal(isRetryableStatus(status), false, String(status));
});

test('backs off exponentially with jitter between half and all of each step, capped', () => {
  const options = readRetryOptions({ initialDelayMs: 100, maxDelayMs: 1000 });
  assert.equal(backoffDelay(options, 1, () => 0), 50);
  assert.equal(backoffDelay(options, 1, () => 1), 100);
  assert.equal(backoffDelay(options, 3, () => 1), 400);
  assert.equal(backoffDelay(options, 10, () => 1), 1000);
  assert.equal(backoffDelay(options, 10, () => 0), 500);
});

test('fills in defaults and clamps nonsense options', () => {
  assert.deepEqual(readRetryOptions(), DEFAULT_RETRY);
  const options = readRetryOptions({ maxAttempts: 0, initialDelayMs: -5, maxDelayMs: Number.NaN });
  assert.equal(options.maxAttempts, 1);
  assert.equal(options.initialDelayMs, 0);
  assert.equal(options.maxDelayMs, DEFAULT_RETRY.maxDelayMs);
  assert.equal(readRetryOptions({ maxAttempts: 2.7 }).maxAttempts, 2);
});
