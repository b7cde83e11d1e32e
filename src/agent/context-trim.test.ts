import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Turn } from './providers';
import { estimateTurnTokens, trimContext } from './context-trim';

function round(n: number, output: string): Turn[] {
  return [
    { role: 'assistant', text: `step ${n}`, toolCalls: [{ id: `c${n}`, name: 'read_file', arguments: `{"path":"f${n}"}` }] },
    { role: 'tool-result', toolCallId: `c${n}`, content: output },
  ];
}

function conversation(rounds: number, outputChars: number): Turn[] {
  const turns: Turn[] = [{ role: 'user', text: 'the task' }];
  for (let i = 0; i < rounds; i++) turns.push(...round(i, 'x'.repeat(outputChars)));
  return turns;
}

const size = (turns: readonly Turn[]) => turns.reduce((n, t) => n + estimateTurnTokens(t), 0);

describe('trimContext', () => {
  it('returns the turns untouched when they fit', () => {
    const turns = conversation(3, 100);
    const r = trimContext(turns, { budgetTokens: 10_000, keepLastRounds: 2 });
    assert.equal(r.turns, turns);
    assert.equal(r.note, undefined);
    assert.equal(r.fits, true);
  });

  it('replaces the oldest tool outputs first and keeps the last rounds whole', () => {
    const turns = conversation(6, 4000);
    const r = trimContext(turns, { budgetTokens: size(turns) - 1500, keepLastRounds: 2 });
    assert.equal(r.fits, true);
    assert.equal(r.droppedTurns, 0);
    assert.equal(r.clearedResults, 2);
    const results = r.turns.filter((t) => t.role === 'tool-result');
    assert.match((results[0] as { content: string }).content, /output dropped to fit the context window: 4000 characters/);
    assert.match((results[1] as { content: string }).content, /output dropped/);
    assert.equal((results[2] as { content: string }).content.length, 4000);
    assert.equal((results[5] as { content: string }).content.length, 4000);
    assert.match(r.note ?? '', /2 older tool output\(s\) replaced/);
  });

  it('then drops the oldest messages, an assistant message with its results, and says so', () => {
    const turns = conversation(8, 10);
    const r = trimContext(turns, { budgetTokens: size(turns) - 60, keepLastRounds: 3 });
    assert.equal(r.fits, true);
    assert.ok(r.droppedTurns > 0 && r.droppedTurns % 2 === 0, 'whole rounds are dropped');
    assert.deepEqual(r.turns[0], { role: 'user', text: 'the task' });
    assert.match((r.turns[1] as { text: string }).text, /earlier message\(s\) were dropped/);
    // Every tool result still answers the assistant message right before it.
    for (let i = 0; i < r.turns.length; i++) {
      const t = r.turns[i]!;
      if (t.role !== 'tool-result') continue;
      const prev = r.turns.slice(0, i).reverse().find((p) => p.role === 'assistant');
      assert.ok(prev && prev.role === 'assistant' && prev.toolCalls.some((c) => c.id === t.toolCallId), `result ${t.toolCallId} lost its call`);
    }
    assert.equal(r.turns.filter((t) => t.role === 'assistant').slice(-3).length, 3);
  });

  it('keeps the current task even when it is not the first message', () => {
    const turns = [...conversation(4, 10), { role: 'user', text: 'second task' } as Turn, ...round(9, 'y'.repeat(10))];
    const r = trimContext(turns, { budgetTokens: 60, keepLastRounds: 1 });
    assert.ok(r.turns.some((t) => t.role === 'user' && t.text === 'second task'));
    assert.ok(r.turns.some((t) => t.role === 'user' && t.text === 'the task'));
  });

  it('reports that it does not fit when the kept part alone is too big', () => {
    const turns = conversation(2, 40_000);
    const r = trimContext(turns, { budgetTokens: 100, keepLastRounds: 2 });
    assert.equal(r.fits, false);
  });
});
