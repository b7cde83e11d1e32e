import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ownerCaller } from '../../core/caller';
import { approvalView, CARD_TEXT_CHARS, displayText, panelEventsOf, panelEventsOfTranscript, summarizeCall } from './panel-feed';

describe('panel feed', () => {
  it('makes bidirectional overrides and escapes visible but keeps lines', () => {
    assert.equal(displayText('a\u202Eb\nc\td\x1b[31m'), 'a\\u{202E}b\nc\td\\u{001B}[31m');
  });

  it('caps long text in the middle, saying how much of the original is left out, and ends with its real end', () => {
    const shown = displayText(`${'x'.repeat(99)}y`, 20);
    assert.match(shown, /^x{10}\n… 80 of 100 characters not shown …\nx{9}y$/);
  });

  it('shows a newline in a command on the tool card\'s header as a mark and a line break', () => {
    assert.equal(summarizeCall(JSON.stringify({ command: 'grep -rn TODO src\ngit push --force origin main' })), 'grep -rn TODO src⏎\ngit push --force origin main');
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

  it('keeps the header as proposed when the call runs: the loop\'s one-line account would flatten a newline into a space', () => {
    const [running] = panelEventsOf({ type: 'tool-call-running', callId: 'c1', tool: 'run_command', summary: 'run `grep x src git push`' });
    assert.deepEqual(running, { kind: 'running', callId: 'c1', summary: '' });
  });

  it('renders an approval\'s card from the one proposal renderer: every character, where, how long, who asked', () => {
    const subject = { kind: 'command', commandLine: 'x', argv: ['bash', '-c', 'grep -rn TODO src\n\tgit push --force origin main'], cwd: '/workspace/sub', env: { CI: '1' }, containerId: 'c', imageId: 'i' } as const;
    const view = approvalView(subject, { profile: 'paired', surface: 'gateway', id: 'telegram:42' });
    assert.equal(view.text, 'run grep -rn TODO src⏎\n⇥git push --force origin main');
    assert.equal(view.whole, true);
    assert.deepEqual(view.facts?.map((f) => `${f.label}: ${f.value}`), ['cwd: /workspace/sub', 'env: CI=1', 'timeout: the sandbox default (clawdock.sandbox.defaultTimeoutSeconds)', 'asked by: telegram:42 (paired, via gateway)']);
  });

  it('says how much of a 30,000-character command the card leaves out, and marks it as not whole', () => {
    const line = `echo ${'a'.repeat(29_980)} && git push --force`;
    const view = approvalView({ kind: 'command', commandLine: line, argv: ['bash', '-c', line], cwd: '/workspace', env: {}, containerId: 'c', imageId: 'i' }, ownerCaller('chat'));
    assert.equal(view.whole, false);
    assert.equal(view.hidden, line.length - CARD_TEXT_CHARS);
    assert.match(view.text ?? '', /\n… 28,0\d\d of 30,0\d\d characters not shown …\n/);
    assert.ok(view.text?.endsWith('&& git push --force'));
  });

  it('puts an edit\'s notes on its card', () => {
    const view = approvalView({ kind: 'edit', path: 'a.py', before: 'if x:\n    run()\n', beforeSha256: null, after: 'if x:\nrun()\n', afterSha256: null, protectedPath: false }, ownerCaller('chat'));
    assert.match(view.notes?.[0] ?? '', /only whitespace/);
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
