import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GENESIS_HASH, sealEntry } from './entry';
import type { AuditEvent } from './events';
import { formatEvent, formatEventLine } from './format-event';
import { execEvent } from './test-events';

describe('formatEventLine', () => {
  test('gives time, sequence, caller and a readable summary on one line', () => {
    const entry = sealEntry({ v: 1, seq: 7, ts: '2024-05-06T10:00:00.000Z', prev: GENESIS_HASH, event: execEvent('ok', ['npm', 'run', 'build']) });
    assert.equal(formatEventLine(entry), `2024-05-06T10:00:00.000Z #7 [owner/cli] exec npm run build in /workspace → exit 0 in 12 ms, 2 B out (sha256 ${entry.event.type === 'exec' ? entry.event.outputSha256.slice(0, 12) : ''})`);
  });

  test('shows control characters, ANSI escapes and bidi overrides as escapes', () => {
    const line = formatEvent(execEvent('x', ['echo', 'a\u001b[31mred\u202Eevil\nnext']));
    for (const raw of ['\u001b', '\u202e', '\n']) assert.ok(!line.includes(raw), line);
    assert.ok(line.includes('a\\u001b[31mred\\u{202E}evil\\nnext'), line);
  });

  test('has a line for every kind of event', () => {
    const sha = 'b'.repeat(64);
    const events: AuditEvent[] = [
      { type: 'session-start', sessionId: 's1', workspace: '/w', provider: 'anthropic', model: 'claude' },
      { type: 'session-end', sessionId: 's1', reason: 'completed', durationMs: 61_000 },
      { type: 'model-request', provider: 'anthropic', model: 'claude', inputTokens: 10, outputTokens: 5, promptSha256: sha },
      { type: 'tool-call-proposed', callId: 'c1', tool: 'run_command', argsSha256: sha, summary: 'ls' },
      { type: 'policy-decision', callId: 'c1', tool: 'run_command', decision: 'ask', rule: 'default-ask', sourceLayer: 'builtin', callerProfile: 'owner', reason: 'not read-only' },
      { type: 'approval-requested', approvalId: 'a1', kind: 'command', bindingSha256: sha, summary: 'rm -rf build' },
      { type: 'approval-answered', approvalId: 'a1', answer: 'approved', by: 'owner', surface: 'editor' },
      { type: 'approval-expired', approvalId: 'a2', afterMs: 300_000 },
      execEvent(),
      { type: 'file-change', path: 'src/a.ts', beforeSha256: null, afterSha256: sha, bytes: 120 },
      { type: 'gateway-message', channel: 'telegram', sender: 'u1', chat: 'dm', decision: 'pairing-code-sent' },
      { type: 'limit-tripped', limit: 'execPerMinute', value: 31, threshold: 30, action: 'paused' },
      { type: 'kill-switch', action: 'stop', killedCommands: 1, rejectedApprovals: 2, containerPaused: true },
      { type: 'secret-granted', name: 'NPM_TOKEN', action: 'granted', target: 'sandbox-env' },
      { type: 'sandbox', action: 'recreate', reason: 'config changed' },
      { type: 'audit-repaired', file: 'f', removedBytes: 3, removedSha256: sha, movedTo: 'g' },
    ];
    for (const e of events) assert.ok(formatEvent(e).length > 10, e.type);
    assert.equal(formatEvent(events[9] as AuditEvent), `file created src/a.ts (∅ → ${sha.slice(0, 12)}, 120 B)`);
    assert.equal(formatEvent(events[12] as AuditEvent), 'KILL SWITCH stop (1 commands killed, 2 approvals rejected, container paused)');
  });

  test('says when a write landed in the sandbox layer, not the real folder', () => {
    const sha = 'c'.repeat(64);
    assert.equal(
      formatEvent({ type: 'file-change', path: 'src/a.ts', beforeSha256: null, afterSha256: sha, bytes: 3, via: 'sandbox-layer' }),
      `file created src/a.ts (∅ → ${sha.slice(0, 12)}, 3 B) in the sandbox layer (not the folder until accepted)`,
    );
  });
});
