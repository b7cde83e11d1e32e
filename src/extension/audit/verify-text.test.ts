import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeVerify } from './verify-text';

describe('the verify message', () => {
  it('counts lines and files when the chain holds', () => {
    const m = describeVerify('app', { ok: true, files: 2, lines: 1234, head: 'x' }, true);
    assert.equal(m.ok, true);
    assert.equal(m.text, 'The audit log of app is intact: 1,234 lines in 2 day files; the hash chain holds and ends at the last line Clawdock wrote.');
    assert.equal(m.open, undefined);
  });

  it('says an empty log is empty', () => {
    assert.match(describeVerify('app', { ok: true, files: 0, lines: 0, head: 'x' }, false).text, /is empty/);
  });

  it('names the first broken line, why, and where to open it', () => {
    const m = describeVerify('app', { ok: false, files: 1, lines: 9, break: { file: '/a/2025-01-02.jsonl', line: 7, reason: 'edited', detail: 'its content does not match its hash' } }, true);
    assert.equal(m.ok, false);
    assert.equal(m.text, 'The audit log of app has been tampered with or damaged at 2025-01-02.jsonl line 7: a line was edited (its content does not match its hash).');
    assert.deepEqual(m.open, { file: '/a/2025-01-02.jsonl', line: 7 });
  });

  it('offers no file when the whole log is gone', () => {
    const m = describeVerify('app', { ok: false, files: 0, lines: 0, break: { file: '', line: 1, reason: 'missing-day-file', detail: 'the log is empty but the writer reported seq 5' } }, true);
    assert.match(m.text, /at the log: a day file is missing/);
    assert.equal(m.open, undefined);
  });
});
