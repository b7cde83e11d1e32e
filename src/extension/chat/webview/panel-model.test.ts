import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OUTPUT_TAIL_CHARS, PanelModel } from './panel-model';

describe('the panel model', () => {
  it('streams text into one answer until a tool call comes', () => {
    const m = new PanelModel();
    m.apply({ kind: 'user', text: 'fix' });
    m.apply({ kind: 'text', text: 'Look' });
    m.apply({ kind: 'text', text: 'ing.' });
    m.apply({ kind: 'tool', callId: 'c1', tool: 'run_command', summary: 'run_command: ls' });
    m.apply({ kind: 'text', text: 'Done.' });
    assert.deepEqual(m.items.map((i) => [i.type, 'text' in i ? i.text : i.id]), [['user', 'fix'], ['assistant', 'Looking.'], ['tool', 'tool-c1'], ['assistant', 'Done.']]);
  });

  it('gathers a call\'s decision, approval, output and result on its card', () => {
    const m = new PanelModel();
    m.apply({ kind: 'tool', callId: 'c1', tool: 'run_command', summary: 's' });
    m.apply({ kind: 'decision', callId: 'c1', decision: 'ask', rule: 'unmatched', source: 'builtin', reasons: ['r'] });
    m.apply({ kind: 'approval', approval: { callId: 'c1', kind: 'command', summary: 'run make', status: 'waiting', reasons: ['r'] } });
    m.apply({ kind: 'approval', approval: { callId: 'c1', approvalId: 'a-1', kind: 'command', summary: 'run make', status: 'pending', reasons: ['r'] } });
    assert.equal(m.pendingApprovals(), 1);
    m.apply({ kind: 'approval', approval: { callId: 'c1', approvalId: 'a-1', kind: 'command', summary: 'run make', status: 'approved', reasons: ['r'], outcome: 'approved by owner via chat' } });
    // The agent's own "approval-requested" arriving late must not reopen it.
    m.apply({ kind: 'approval', approval: { callId: 'c1', kind: 'command', summary: 'run make', status: 'waiting', reasons: ['r'] } });
    m.apply({ kind: 'running', callId: 'c1', summary: 'make' });
    m.apply({ kind: 'output', callId: 'c1', text: 'ok\n' });
    const card = m.apply({ kind: 'finished', callId: 'c1', status: 'ran', isError: false, content: 'exit 0', durationMs: 5 });
    assert.equal(m.items.length, 1);
    assert.equal(card.type, 'tool');
    if (card.type !== 'tool') return;
    assert.equal(card.approval?.status, 'approved');
    assert.equal(card.approval?.approvalId, 'a-1');
    assert.equal(card.status, 'ran');
    assert.equal(card.output, 'ok\n');
    assert.equal(m.pendingApprovals(), 0);
  });
});

describe('a long output', () => {
  it('keeps its tail and counts what it no longer shows', () => {
    const model = new PanelModel();
    model.apply({ kind: 'tool', callId: 'c', tool: 'run_command', summary: 'x' });
    model.apply({ kind: 'output', callId: 'c', text: 'a'.repeat(OUTPUT_TAIL_CHARS) });
    const tool = model.apply({ kind: 'output', callId: 'c', text: 'b'.repeat(10) });
    assert.equal(tool.type === 'tool' && tool.outputDropped, 10);
    assert.ok(tool.type === 'tool' && tool.output.endsWith('b'.repeat(10)));
  });
});

describe('the change-set card', () => {
  it('shows what waits for review after a command, one card updated in place until something else is said', () => {
    const m = new PanelModel();
    m.apply({ kind: 'tool', callId: 'c', tool: 'run_command', summary: 'x' });
    const first = m.apply({ kind: 'changes', waiting: 2, held: 0 });
    const again = m.apply({ kind: 'changes', waiting: 3, held: 1 });
    assert.equal(first, again);
    assert.deepEqual(m.items.map((i) => i.type), ['tool', 'changes']);
    assert.ok(again.type === 'changes' && again.waiting === 3 && again.held === 1);
    m.apply({ kind: 'text', text: 'Done.' });
    m.apply({ kind: 'changes', waiting: 1, held: 1 });
    assert.deepEqual(m.items.map((i) => i.type), ['tool', 'changes', 'assistant', 'changes']);
  });
});
