import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseToolCall } from '../tools/parse-tool-call';
import type { ToolCall } from '../tools/tool-definition';
import { manualClock } from '../../core/clock';
import { createLimitTracker } from './limit-tracker';

const limits = { execPerMinute: 3, modelCallsPerHour: 2, identicalCallRepeats: 3, consecutiveFailures: 2 };
function call(command: string): ToolCall {
  const r = parseToolCall({ tool: 'run_command', args: { command } });
  if (!r.ok) throw new Error(r.reason);
  return r.call;
}

describe('limits', () => {
  it('pause after too many executions in a minute, and clear as the minute passes', () => {
    const clock = manualClock();
    const t = createLimitTracker(limits, clock);
    for (let i = 0; i < 3; i++) {
      assert.equal(t.check(call(`ls ${i}`), true), undefined);
      t.recordExecution();
      clock.advance(1000);
    }
    const trip = t.check(call('ls 9'), true);
    assert.equal(trip?.limit, 'execPerMinute');
    assert.equal(trip?.setting, 'clawdock.policy.limits.execPerMinute');
    assert.match(trip?.message ?? '', /3 commands ran in the last minute \(limit 3\).*raise `clawdock\.policy\.limits\.execPerMinute`/);
    clock.advance(58_000);
    assert.equal(t.check(call('ls 10'), true), undefined);
  });
  it('pause when the same call is proposed again and again', () => {
    const t = createLimitTracker(limits, manualClock());
    assert.equal(t.check(call('ls'), true), undefined);
    assert.equal(t.check(call('ls'), true), undefined);
    assert.equal(t.check(call('ls'), true)?.limit, 'identicalCallRepeats');
    assert.equal(t.check(call('pwd'), true), undefined);
  });
  it('do not count previews towards the identical-call breaker', () => {
    const t = createLimitTracker(limits, manualClock());
    for (let i = 0; i < 5; i++) assert.equal(t.check(call('ls'), false), undefined);
  });
  it('pause after failures in a row until one succeeds or the person resumes', () => {
    const t = createLimitTracker(limits, manualClock());
    t.recordOutcome(false);
    assert.equal(t.check(call('a'), true), undefined);
    t.recordOutcome(false);
    assert.equal(t.check(call('b'), true)?.limit, 'consecutiveFailures');
    t.reset();
    assert.equal(t.check(call('c'), true), undefined);
    t.recordOutcome(false);
    t.recordOutcome(true);
    t.recordOutcome(false);
    assert.equal(t.check(call('d'), true), undefined);
  });
  it('stop model calls over the hourly budget', () => {
    const clock = manualClock();
    const t = createLimitTracker(limits, clock);
    t.recordModelCall();
    assert.equal(t.beforeModelCall(), undefined);
    t.recordModelCall();
    assert.equal(t.beforeModelCall()?.limit, 'modelCallsPerHour');
    clock.advance(3_600_001);
    assert.equal(t.beforeModelCall(), undefined);
  });
});
