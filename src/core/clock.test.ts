import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualClock } from './clock';

describe('the manual clock', () => {
  it('moves only when told and fires due timers in order, at their own time', () => {
    const clock = manualClock(1_000);
    const fired: [string, number][] = [];
    clock.setTimer(50, () => fired.push(['b', clock.now()]));
    clock.setTimer(10, () => fired.push(['a', clock.now()]));
    const cancelled = clock.setTimer(20, () => fired.push(['x', clock.now()]));
    cancelled.cancel();
    assert.equal(clock.now(), 1_000);
    clock.advance(30);
    assert.deepEqual(fired, [['a', 1_010]]);
    assert.equal(clock.now(), 1_030);
    clock.advance(100);
    assert.deepEqual(fired, [['a', 1_010], ['b', 1_050]]);
    assert.equal(clock.now(), 1_130);
  });
});
