import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ownerCaller } from '../../core/caller';
import { displayText, panelEventsOf, panelEventsOfTranscript, summarizeCall } from './panel-feed';

describe('panel feed', () => {
  it('makes bidirectional overrides and escapes visible but keeps lines', () => {
    assert.equal(displayText('a\u202Eb\nc\td\x1b[31m'), 'a\\u{202E}b\nc\td\\u{001B}[31m');
  });

  it('caps long text in the middle, saying how much is left out', () => {
    const shown = displayText('x'.repeat(100), 20);
    assert.match(shown, /^x{10}\n… 80 characters not shown …\nx{10}$/);
  });

  it('summarizes tool calls from their raw arguments, malformed ones included', () => {
    assert.equal(summarizeCall('{"command":"npm test"}'), 'npm test');
    assert.equal(summarizeCall('{"path":"src/a.ts"}'), 'src/a.ts');
    assert.equal(summarizeCall('{"command":'), '(malformed arguments) {"command":');
  });

  it('shows a task, a streamed answer, a tool call with its decision, and the stop', () => {
    const events = [
      ...panelEventsOf({ type: 'turn-started', sessionId: 's', task: 'fix it', caller: ownerCaller('chat') }),
      ...panelEventsOf({ type: 'text-delta', text: 'Looking **now**' }),
      ...panelEventsOf({ type: 'tool-call-proposed', callId: 'c1', tool: 'run_command', arguments: '{"command":"ls"}' }),
      ...panelEventsOf({ type: 'tool-call-decided', callId: 'c1', tool: 'run_command', decision: 'allow', rule: 'ls', source: 'builtin', reasons: ['read-only'], dryRun: false }),
      ...panelEventsOf({ type: 'usage', inputTokens: 1, outputTokens: 1, totals: { inputTokens: 1, outputTokens: 1, modelCalls: 1, toolCalls: 0 } }),
      ...panelEventsOf({ type: 'turn-finished', stop: { reason: 'finished', message: 'done', endedAfterRefusal: false }, totals: { inputTokens: 1, outputTokens: 1, modelCalls: 1, toolCalls: 1 } }),
    ];
    assert.deepEqual(events.map((e) => e.kind), ['user', 'text', 'tool', 'decision', 'stop']);
  });

  it('always shows the taint with an approval', () => {
    const [event] = panelEventsOf({
      type: 'approval-requested', callId: 'c1', reasons: ['asks'], taint: 'read an untrusted file',
      subject: { kind: 'command', commandLine: 'make', argv: ['bash', '-c', 'make'], cwd: '/workspace', env: {}, containerId: 'c', imageId: 'i' },
    });
    assert.equal(event?.kind, 'approval');
    assert.match(event?.kind === 'approval' ? event.approval.reasons[0] ?? '' : '', /suspended: read an untrusted file/);
  });

  it('replays a saved session: tasks, answers, calls with their results, stops', () => {
    const at = '2025-01-01T00:00:00Z';
    const events = panelEventsOfTranscript([
      { type: 'task', at, caller: ownerCaller('chat'), text: 'list' },
      { type: 'turn', at, turn: { role: 'user', text: 'list' } },
      { type: 'turn', at, turn: { role: 'assistant', text: 'Listing.', toolCalls: [{ id: 'c1', name: 'list_files', arguments: '{"path":"."}' }] } },
      { type: 'turn', at, turn: { role: 'tool-result', toolCallId: 'c1', content: 'denied', isError: true } },
      { type: 'stop', at, reason: 'finished', message: 'ok' },
    ]);
    assert.deepEqual(events.map((e) => e.kind), ['user', 'text', 'tool', 'finished', 'stop']);
    assert.equal(events[3]?.kind === 'finished' ? events[3].status : '', 'error');
  });
});
