// Issue 10's measure, held as a test: at least 90 % of ordinary read-only work
// runs without asking (`npm run bench` reports the same rate beside the latency).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Policy } from './policy';
import { OWNER, run, testPolicy } from './policy-testing';
import { READ_ONLY_COMMANDS } from './read-only-work';

let policy: Policy;
before(async () => {
  policy = await testPolicy();
});

describe('ordinary read-only work', () => {
  it('runs without asking at least 90 % of the time, and every command it asks about says why', () => {
    const asked = READ_ONLY_COMMANDS.map((c) => ({ c, d: policy.decide(run(c), OWNER, { record: false }) })).filter(({ d }) => d.decision !== 'allow');
    for (const { d } of asked) assert.ok(d.reasons.length > 0 && d.decision === 'ask', JSON.stringify(d));
    const rate = 1 - asked.length / READ_ONLY_COMMANDS.length;
    assert.ok(rate >= 0.9, `allow rate ${(rate * 100).toFixed(1)} %; asked:\n${asked.map(({ c, d }) => `  ${c} → ${d.rule}: ${d.reasons[0]}`).join('\n')}`);
  });
});
