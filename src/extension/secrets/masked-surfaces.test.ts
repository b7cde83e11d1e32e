// Issue 16, second line: output that carries a known value in any of the
// re-encodings a command can make is masked on every surface it reaches —
// the tool result (the audited exec's result, which the model reads), the
// audit line (its excerpt), and the chat panel (the streamed output through
// the panel's renderer). Unit level, over a stand-in sandbox that prints.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Redactor, type AuditEvent } from '../../audit';
import { ownerCaller } from '../../core/caller';
import { newPlaceholder } from '../../core/secret-placeholder';
import { auditedExec, type AuditSink, type ExecResult, type Sandbox } from '../../sandbox';
import { panelEventsOf } from '../chat/panel-feed';

const VALUE = 'ghp_R3alTokenValue_for-the-test_0123456789';
const bytes = Buffer.from(VALUE);
const PRINTED: Record<string, string> = {
  rev: [...VALUE].reverse().join(''),
  base64: bytes.toString('base64'),
  'base64 after one byte': Buffer.concat([Buffer.from('x'), bytes]).toString('base64'),
  'base64url after two bytes': Buffer.concat([Buffer.from('xy'), bytes]).toString('base64url'),
  'xxd -p': bytes.toString('hex'),
  'URL-encoded': encodeURIComponent(VALUE),
  "sed 's/./& /g'": [...VALUE].join(' '),
  'fold -w1': [...VALUE].join('\n'),
  'two cut halves': `${VALUE.slice(0, 21)}\n${VALUE.slice(21)}`,
};

/** Letters and digits of the value still shown in a row (what a reader could piece together), at most. */
function leaked(out: string): number {
  const value = VALUE.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  const forms = [value, [...value].reverse().join('')];
  let best = 0;
  for (const piece of out.split(/…?\[REDACTED:\d+\]/)) {
    const seen = piece.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
    for (const form of forms) for (let i = 0; i < form.length; i++) for (let n = best + 1; i + n <= form.length && seen.includes(form.slice(i, i + n)); n++) best = n;
  }
  return best;
}

/** An audit log that keeps the lines it is given. */
function recorder(lines: AuditEvent[]): AuditSink['log'] {
  return { append: async (e: AuditEvent) => (lines.push(e), {} as Awaited<ReturnType<AuditSink['log']['append']>>) };
}

/** A sandbox that prints `text` in small chunks, as a command's output arrives. */
function printingSandbox(text: string): Sandbox {
  return {
    workspace: { containerName: 'clawdock-test' },
    exec: async (_request: unknown, hooks: { onStdout?: (chunk: Buffer) => void }): Promise<ExecResult> => {
      for (let at = 0; at < text.length; at += 5) hooks.onStdout?.(Buffer.from(text.slice(at, at + 5)));
      return { exitCode: 0, signal: null, stdout: text, stderr: '', durationMs: 1, timedOut: false, truncated: false } as unknown as ExecResult;
    },
  } as unknown as Sandbox;
}

describe('a known value re-encoded by a command', () => {
  const redactor = new Redactor({ secretlint: false });
  redactor.addSecretValue(VALUE);

  for (const [how, printed] of Object.entries(PRINTED)) {
    it(`is masked in the tool result, the audit line and the chat panel: ${how}`, async () => {
      const lines: AuditEvent[] = [];
      let streamed = '';
      const result = await auditedExec(printingSandbox(`out: ${printed}\n`), { log: recorder(lines), redactor }, { argv: ['sh', '-c', 'printenv TOKEN | …'] }, { caller: ownerCaller('editor') }, { onStdout: (c) => (streamed += c.toString()) });
      assert.ok(leaked(result.stdout) < 12, `tool result: ${result.stdout}`);
      const ended = lines.find((l) => l.type === 'exec') as { excerpt: string } | undefined;
      assert.ok(ended && leaked(ended.excerpt) < 12, `audit line: ${ended?.excerpt}`);
      const panel = panelEventsOf({ type: 'tool-output', callId: 'c1', stream: 'stdout', text: streamed });
      const shown = panel.map((e) => ('text' in e ? e.text : '')).join('');
      assert.match(shown, /^out: /);
      assert.ok(leaked(shown) < 12, `chat panel: ${shown}`);
    });
  }

  it('shows a bound secret\'s placeholder by name and hosts on the same surfaces', async () => {
    const placeholder = newPlaceholder('NPM_TOKEN');
    const r = new Redactor({ secretlint: false });
    r.setSecretHosts((name) => (name === 'NPM_TOKEN' ? ['registry.npmjs.org'] : undefined));
    const lines: AuditEvent[] = [];
    let streamed = '';
    const result = await auditedExec(printingSandbox(`NPM_TOKEN=${placeholder}\n`), { log: recorder(lines), redactor: r }, { argv: ['printenv'] }, { caller: ownerCaller('editor') }, { onStdout: (c) => (streamed += c.toString()) });
    const label = 'NPM_TOKEN=«NPM_TOKEN for registry.npmjs.org»\n';
    assert.equal(result.stdout, label);
    assert.equal((lines.find((l) => l.type === 'exec') as { excerpt: string }).excerpt, label);
    assert.equal(panelEventsOf({ type: 'tool-output', callId: 'c1', stream: 'stdout', text: streamed }).map((e) => ('text' in e ? e.text : '')).join(''), label);
  });
});
