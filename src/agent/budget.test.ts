import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BudgetTracker } from './budget';

describe('BudgetTracker', () => {
  it('stops model requests after max turns, saying which budget and how to raise it', () => {
    const b = new BudgetTracker({ maxTurns: 2, maxToolCalls: 10, maxTokens: 1000 });
    assert.equal(b.beforeModelCall(), undefined);
    b.recordModelCall();
    b.recordModelCall();
    assert.match(b.beforeModelCall() ?? '', /used 2 of its 2 model turns.*maxTurns \(--max-turns\)/);
  });

  it('stops tool calls after max tool calls', () => {
    const b = new BudgetTracker({ maxTurns: 9, maxToolCalls: 1, maxTokens: 1000 });
    assert.equal(b.beforeToolCall(), undefined);
    b.recordToolCall();
    assert.match(b.beforeToolCall() ?? '', /1 of its 1 tool calls/);
  });

  it('counts input and output tokens together', () => {
    const b = new BudgetTracker({ maxTurns: 9, maxToolCalls: 9, maxTokens: 100 });
    b.recordUsage(60, 39);
    assert.equal(b.beforeModelCall(), undefined);
    b.recordUsage(1, 0);
    assert.match(b.beforeModelCall() ?? '', /100 tokens, over its budget of 100/);
  });

  it('prices usage when the provider knows its prices, and enforces the cost budget', () => {
    const b = new BudgetTracker({ maxTurns: 9, maxToolCalls: 9, maxTokens: 1e9, maxCostUsd: 1 }, { inputPerMillion: 3, outputPerMillion: 15 });
    b.recordUsage(100_000, 20_000);
    assert.equal(b.totals.costUsd, 0.6);
    b.recordUsage(100_000, 20_000);
    assert.match(b.beforeModelCall() ?? '', /cost about \$1\.20, over its budget of \$1\.00/);
  });

  it('has no cost without prices and then never stops on cost', () => {
    const b = new BudgetTracker({ maxTurns: 9, maxToolCalls: 9, maxTokens: 1e9, maxCostUsd: 0 });
    b.recordUsage(1e6, 1e6);
    assert.equal(b.totals.costUsd, undefined);
    assert.equal(b.beforeModelCall(), undefined);
  });
});
