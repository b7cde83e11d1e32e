import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEvent } from '../../audit';
import { ownerCaller } from '../../core/caller';
import type { Decision, Explanation, Finding } from '../../policy';
import type { ApprovalRequest, ApprovalSubject } from '../approver';
import { bindingSha256 } from '../approval-binding';
import { allowSandboxed, denyAll } from './flag-approvers';
import { recordingApprover } from './recording-approver';
import { formatRequest } from './tty-approver';

const command: ApprovalSubject = { kind: 'command', commandLine: 'npm test', argv: ['bash', '-c', 'npm test'], cwd: '/workspace', env: {}, containerId: 'c1', imageId: 'sha256:i1' };
const edit = (path: string, protectedPath = false): ApprovalSubject => ({ kind: 'edit', path, before: 'a', beforeSha256: 'b'.repeat(64), after: 'b', afterSha256: 'c'.repeat(64), protectedPath });

function request(subject: ApprovalSubject, extra: { taint?: string; findings?: Finding[]; profile?: 'owner' | 'paired' } = {}): ApprovalRequest {
  const decision: Decision = { decision: 'ask', rule: 'x', source: 'builtin', reasons: ['because'], subcommands: [], dryRun: false };
  const explanation = { decision, call: undefined, profile: 'owner', mode: 'ask-risky', modeSource: 'builtin', subcommands: [], findings: extra.findings ?? [], notices: [] } as Explanation;
  return {
    callId: 'toolu_1', sessionId: 's', workspace: '/w', caller: extra.profile === 'paired' ? { profile: 'paired', surface: 'gateway', id: 'tg:1' } : ownerCaller('cli'),
    toolCall: { tool: 'run_command', args: {} }, subject, decision, explanation, bindingSha256: bindingSha256(subject), ...(extra.taint ? { taint: extra.taint } : {}),
  };
}

const signal = new AbortController().signal;

describe('allow-sandboxed', () => {
  it('approves commands and ordinary edits the policy only asks about', async () => {
    assert.equal((await allowSandboxed(request(command), signal))?.verdict, 'approve');
    assert.equal((await allowSandboxed(request(edit('src/a.ts')), signal))?.verdict, 'approve');
  });

  it('never approves protected paths, secrets files, tainted turns or strangers', async () => {
    assert.equal((await allowSandboxed(request(edit('.vscode/tasks.json', true)), signal))?.verdict, 'reject');
    const prot: Finding = { verdict: 'ask', rule: 'protectedPaths:**/.git/**', source: 'builtin', reason: 'names .git/hooks/x, a protected path' };
    assert.match((await allowSandboxed(request(command, { findings: [prot] }), signal))?.note ?? '', /protected path; only a person/);
    const secret: Finding = { verdict: 'ask', rule: 'readDeny:**/.env*', source: 'builtin', reason: 'touches .env' };
    assert.equal((await allowSandboxed(request(command, { findings: [secret] }), signal))?.verdict, 'reject');
    assert.equal((await allowSandboxed(request(command, { taint: 'a web page' }), signal))?.verdict, 'reject');
    assert.equal((await allowSandboxed(request(command, { profile: 'paired' }), signal))?.verdict, 'reject');
  });

  it('deny rejects everything', async () => {
    assert.equal((await denyAll(request(command), signal))?.verdict, 'reject');
  });
});

describe('recordingApprover', () => {
  it('records the request before asking and the answer after, with the binding', async () => {
    const events: AuditEvent[] = [];
    let recordedBeforeAsking = false;
    const approver = recordingApprover(async () => {
      recordedBeforeAsking = events.length === 1;
      return { verdict: 'approve', note: 'fine' };
    }, { append: async (e: AuditEvent) => void events.push(e) } as never, { by: 'owner', surface: 'cli' });
    const outcome = await approver.requestApproval(request(command), signal);
    assert.equal(recordedBeforeAsking, true);
    assert.equal(outcome.status, 'approved');
    assert.deepEqual(events.map((e) => e.type), ['approval-requested', 'approval-answered']);
    const asked = events[0] as Extract<AuditEvent, { type: 'approval-requested' }>;
    assert.equal(asked.bindingSha256, bindingSha256(command));
    assert.equal(asked.summary, 'run npm test (cwd /workspace)');
    assert.equal(outcome.status === 'approved' && outcome.approvalId, asked.approvalId);
  });

  it('does not ask when the request cannot be recorded', async () => {
    let asked = false;
    const approver = recordingApprover(async () => {
      asked = true;
      return { verdict: 'approve' };
    }, { append: async () => { throw new Error('disk full'); } } as never, { by: 'owner', surface: 'cli' });
    await assert.rejects(approver.requestApproval(request(command), signal), /disk full/);
    assert.equal(asked, false);
  });

  it('reports cancelled when the signal aborts before an answer', async () => {
    const abort = new AbortController();
    abort.abort();
    const approver = recordingApprover(async () => undefined, { append: async () => undefined } as never, { by: 'owner', surface: 'cli' });
    assert.equal((await approver.requestApproval(request(command), abort.signal)).status, 'cancelled');
  });
});

describe('the terminal\'s question', () => {
  it('shows a command with a newline on two lines, the first ending in a newline mark, with where, how long and who asked', () => {
    const text = formatRequest(request({ ...command, commandLine: 'x', argv: ['bash', '-c', 'grep -rn TODO src\ngit push --force origin main'] }));
    assert.match(text, /\nCommand\n {2}grep -rn TODO src⏎\n {2}git push --force origin main\n/);
    assert.match(text, /cwd: +\/workspace\n/);
    assert.match(text, /timeout: +the sandbox default/);
    assert.match(text, /Asked by\n {2}owner \(owner, via cli\)\n/);
  });

  it('shows a 30,000-character command whole before asking, wrapped to the terminal', () => {
    const line = `echo ${'x'.repeat(29_980)} && curl evil`;
    const text = formatRequest(request({ ...command, argv: ['bash', '-c', line] }), 100);
    assert.doesNotMatch(text, /not shown/);
    assert.ok(text.split('\n').every((l) => l.length <= 100));
    assert.ok(text.replace(/\n {2}↪/g, '').includes(line));
  });

  it('shows an edit\'s whole diff, however long', () => {
    const before = Array.from({ length: 200 }, (_, i) => `line ${i}\n`).join('');
    const text = formatRequest(request({ kind: 'edit', path: 'a.txt', before, beforeSha256: 'b'.repeat(64), after: before.replace(/line/g, 'LINE'), afterSha256: 'c'.repeat(64), protectedPath: false }));
    assert.match(text, /\+LINE 199/);
    assert.doesNotMatch(text, /more diff lines/);
  });
});
