import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capStream, runPayload } from './system-run';

const result = { exitCode: 0, signal: null, stdout: 'out', stderr: '', durationMs: 1, timedOut: false, truncated: false, cancelled: false, oomKilled: false };

describe('system.run answers', () => {
  it('answers in the shape OpenClaw\'s exec tool reads', () => {
    assert.deepEqual(runPayload(result), { success: true, exitCode: 0, timedOut: false, stdout: 'out', stderr: '' });
  });

  it('reports a timeout and a kill by signal as failures without an exit code', () => {
    const p = runPayload({ ...result, exitCode: 137, signal: 9, timedOut: true });
    assert.equal(p.success, false);
    assert.equal(p.exitCode, null);
    assert.equal(p.timedOut, true);
  });

  it('says when the sandbox cut the output', () => {
    assert.match(String(runPayload({ ...result, truncated: true }).error), /outputCapBytes/);
  });

  it('keeps the head and the tail of a long stream and says how much was cut', () => {
    const long = `${'a'.repeat(1000)}${'b'.repeat(1000)}`;
    const capped = capStream(long, 100);
    assert.ok(capped.startsWith('a'.repeat(50)));
    assert.ok(capped.endsWith('b'.repeat(50)));
    assert.match(capped, /1900 characters cut/);
    assert.equal(capStream('short', 100), 'short');
  });
});
