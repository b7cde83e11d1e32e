// How the loop behaves at its edges, against a real sandbox and the scripted
// model server (which checks, like the real API, that every tool call in the
// history has its result): dry-run, taint, cancellation, schema errors,
// budgets, refusals, sessions reopened, and an audit log that cannot write.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApprovalRequest } from '../../src/agent';
import { AuditWriteError } from '../../src/audit';
import { ownerCaller } from '../../src/core/caller';
import { sha256Hex } from '../../src/core/hash';
import type { ScriptTurn } from '../fixtures/model-server/index';
import { requireEngine } from '../helpers/engine-gate';
import { openSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { agentFixture, type AgentFixtureOptions } from './agent-fixture';

const owner = ownerCaller('editor');

/** A script that makes `calls` one per turn, then says `done`. */
function calls(...turns: ScriptTurn[]): ScriptTurn[] {
  return [...turns, { text: 'done' }];
}

describe('the agent loop', requireEngine(), () => {
  let box: SandboxFixture;
  before(async () => {
    // rw: these tests are about the loop itself; the shadow workspace's flow has its own (ordinary-task, test/sandbox/shadow).
    box = openSandbox({ 'sandbox.workspaceAccess': 'rw' }, { 'README.md': 'hello\n', 'vendor/evil.txt': 'RUN: something\n' });
    await box.sandbox.up();
  });
  after(async () => box.cleanup());

  const fixture = (options: Omit<AgentFixtureOptions, 'sandbox'>) => agentFixture({ ...options, sandbox: box });

  it('in dry-run mode says what would run and runs nothing, while reads still work', async () => {
    const f = await fixture({
      policy: { mode: 'dry-run' },
      script: calls(
        { toolCalls: [{ name: 'run_command', arguments: { command: 'touch dry.txt' } }] },
        { toolCalls: [{ name: 'read_file', arguments: { path: 'README.md' } }] },
      ),
    });
    try {
      const r = await f.session.runTurn({ text: 'make a file', caller: owner });
      assert.equal(r.stop.reason, 'finished');
      const done = f.events.filter((e) => e.type === 'tool-call-finished');
      assert.deepEqual(done.map((e) => e.type === 'tool-call-finished' && e.status), ['dry-run', 'ran']);
      assert.match(done[0]?.type === 'tool-call-finished' ? done[0].content : '', /Dry run: run `touch dry\.txt` would need the owner's approval.*Nothing ran/);
      assert.equal(f.approvals.length, 0);
      assert.equal(existsSync(join(box.workspace, 'dry.txt')), false);
      assert.match(JSON.stringify(f.server.requests[0]?.body), /dry-run mode/);
    } finally {
      await f.cleanup();
    }
  });

  it('suspends auto-approval for a task from a paired chat caller, saying why in the approval', async () => {
    const f = await fixture({ script: calls({ toolCalls: [{ name: 'run_command', arguments: { command: 'ls' } }] }) });
    try {
      const r = await f.session.runTurn({ text: 'list things', caller: { profile: 'paired', surface: 'gateway', id: 'telegram:42' } });
      assert.equal(r.stop.reason, 'finished');
      assert.equal(f.approvals.length, 1, '`ls` is normally allowed; a paired caller asks');
      assert.match(f.approvals[0]?.taint ?? '', /telegram:42 \(paired, via gateway\).*automatic approvals are suspended/);
      assert.match(JSON.stringify(f.server.requests[0]?.body), /did not come from the owner/);
    } finally {
      await f.cleanup();
    }
  });

  it('taints the rest of a turn once a file marked untrusted is read, and not the next turn', async () => {
    const f = await fixture({
      session: { taint: { untrustedPaths: ['vendor/**'] } },
      script: [
        { toolCalls: [{ name: 'run_command', arguments: { command: 'ls' } }] },
        { toolCalls: [{ name: 'read_file', arguments: { path: 'vendor/evil.txt' } }] },
        { toolCalls: [{ name: 'run_command', arguments: { command: 'ls' } }] },
        { text: 'done' },
        { toolCalls: [{ name: 'run_command', arguments: { command: 'ls -a' } }] },
        { text: 'done again' },
      ],
    });
    try {
      await f.session.runTurn({ text: 'look around', caller: owner });
      assert.equal(f.approvals.length, 1, 'the ls after the untrusted read asks; the one before did not');
      assert.match(f.approvals[0]?.taint ?? '', /vendor\/evil\.txt is marked untrusted/);
      assert.equal(f.approvals[0]?.decision.rule, 'taint');
      assert.ok(f.auditEvents().some((e) => e.type === 'policy-decision' && e.rule === 'taint' && e.decision === 'ask'));
      assert.ok(f.events.some((e) => e.type === 'tainted'));
      await f.session.runTurn({ text: 'again', caller: owner });
      assert.equal(f.approvals.length, 1, 'a new turn from the owner starts clean');
    } finally {
      await f.cleanup();
    }
  });

  it('cancels a running command: the process group is killed, the call gets a result, the session goes on', async () => {
    const f = await fixture({
      script: [
        { toolCalls: [{ name: 'run_command', arguments: { command: 'sleep 30' } }, { name: 'read_file', arguments: { path: 'README.md' } }] },
        { text: 'after the cancel' },
      ],
      decide: async () => ({ verdict: 'approve' }),
    });
    try {
      const abort = new AbortController();
      f.session.onEvent((e) => {
        if (e.type === 'tool-call-running') setTimeout(() => abort.abort(), 300);
      });
      const r = await f.session.runTurn({ text: 'wait a bit', caller: owner }, { signal: abort.signal });
      assert.equal(r.stop.reason, 'cancelled');
      const results = f.session.turns.filter((t) => t.role === 'tool-result');
      // Said by the result itself, not by how fast it came back: the sleep was killed, not waited out.
      assert.match(results[0]?.role === 'tool-result' ? results[0].content : '', /cancelled by the person before it finished/, 'the sleep was killed');
      assert.equal(results.length, 2, 'both calls have a result');
      assert.match(results[1]?.role === 'tool-result' ? results[1].content : '', /cancelled the task/);
      // The scripted server refuses a history with an unanswered tool call: this proves it is consistent.
      const next = await f.session.runTurn({ text: 'go on', caller: owner });
      assert.equal(next.stop.reason, 'finished', next.stop.message);
    } finally {
      await f.cleanup();
    }
  });

  it('cancels while the model is still answering, keeping the transcript consistent', async () => {
    const f = await fixture({ script: [{ text: 'thinking very slowly about this', stall: { afterBytes: 200, ms: 20_000 } }, { text: 'later' }] });
    try {
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 500);
      const r = await f.session.runTurn({ text: 'slow', caller: owner }, { signal: abort.signal });
      // The model stalls for 20 s; a turn that ends cancelled did not wait for it.
      assert.equal(r.stop.reason, 'cancelled');
      assert.equal((await f.session.runTurn({ text: 'again', caller: owner })).stop.reason, 'finished');
    } finally {
      await f.cleanup();
    }
  });

  it('trims old tool output when the context window fills, and says so', async () => {
    const big = 'x'.repeat(6_000);
    const f = await fixture({
      session: { contextWindow: 9_000, outputReserve: 1_000, keepLastRounds: 1 },
      script: [
        ...[1, 2, 3, 4].map((): ScriptTurn => ({ toolCalls: [{ name: 'run_command', arguments: { command: `printf '${big}'` } }] })),
        { text: 'done' },
      ],
    });
    try {
      const r = await f.session.runTurn({ text: 'print a lot', caller: owner });
      assert.equal(r.stop.reason, 'finished', r.stop.message);
      assert.ok(f.events.some((e) => e.type === 'context-trimmed' && /older tool output\(s\) replaced/.test(e.note)));
      const lastBody = JSON.stringify(f.server.requests.at(-1)?.body);
      assert.match(lastBody, /output dropped to fit the context window/);
      assert.match(lastBody, /print a lot/, 'the task is kept');
    } finally {
      await f.cleanup();
    }
  });

  it('cancels a pending approval', async () => {
    let seen: AbortSignal | undefined;
    const f = await fixture({
      script: [{ toolCalls: [{ name: 'run_command', arguments: { command: 'touch never.txt' } }] }],
      decide: (_request: ApprovalRequest, signal) => {
        seen = signal;
        return new Promise((resolve) => signal.addEventListener('abort', () => resolve(undefined)));
      },
    });
    try {
      const abort = new AbortController();
      f.session.onEvent((e) => {
        if (e.type === 'approval-requested') setTimeout(() => abort.abort(), 50);
      });
      const r = await f.session.runTurn({ text: 'touch it', caller: owner }, { signal: abort.signal });
      assert.equal(r.stop.reason, 'cancelled');
      assert.equal(seen?.aborted, true, 'the approver was told');
      assert.ok(f.events.some((e) => e.type === 'approval-resolved' && e.outcome.status === 'cancelled'));
      assert.equal(existsSync(join(box.workspace, 'never.txt')), false);
    } finally {
      await f.cleanup();
    }
  });

  it('does not write an edit the approver already wrote hunk by hunk, and tells the model what was kept', async () => {
    writeFileSync(join(box.workspace, 'two.txt'), 'one\ntwo\n');
    const f = await fixture({
      script: calls({ toolCalls: [{ name: 'write_file', arguments: { path: 'two.txt', content: 'ONE\ntwo\nTHREE\n' } }] }),
      approver: {
        async requestApproval(request) {
          // Like the queue's review: the owner keeps the first hunk only, and the review writes it.
          writeFileSync(join(box.workspace, 'two.txt'), 'ONE\ntwo\n');
          assert.equal(request.subject.kind, 'edit');
          return { status: 'partially-approved', by: 'owner', surface: 'editor', acceptedHunks: [0], rejectedHunks: [1], written: { sha256: sha256Hex('ONE\ntwo\n') } };
        },
      },
    });
    try {
      await f.session.runTurn({ text: 'shout', caller: owner });
      assert.equal(readFileSync(join(box.workspace, 'two.txt'), 'utf8'), 'ONE\ntwo\n');
      const done = f.events.find((e) => e.type === 'tool-call-finished');
      assert.match(done?.type === 'tool-call-finished' ? done.content : '', /accepted part of the change to two\.txt \(hunks 0 accepted, 1 rejected\)/);
      // The approver that wrote the hunks owns their audit lines; the loop adds no second, misleading one.
      assert.ok(!f.auditEvents().some((e) => e.type === 'file-change' && e.path === 'two.txt'));
    } finally {
      await f.cleanup();
      rmSync(join(box.workspace, 'two.txt'), { force: true });
    }
  });

  it('returns schema errors for malformed arguments and unknown tools as results the model can act on', async () => {
    const f = await fixture({
      script: calls(
        { malformedToolCall: { name: 'read_file', arguments: '{"path": "README.md"' } },
        { toolCalls: [{ name: 'delete_everything', arguments: {} }] },
        { toolCalls: [{ name: 'read_file', arguments: { path: 'README.md', mode: 'raw' } }] },
      ),
    });
    try {
      const r = await f.session.runTurn({ text: 'read', caller: owner });
      assert.equal(r.stop.reason, 'finished');
      assert.equal(r.stop.endedAfterRefusal, true);
      const contents = f.events.flatMap((e) => (e.type === 'tool-call-finished' ? [`${e.status}: ${e.content}`] : []));
      assert.match(contents[0] ?? '', /^refused: .*not a JSON object/);
      assert.match(contents[1] ?? '', /^refused: .*unknown tool "delete_everything"; available tools: run_command/);
      assert.match(contents[2] ?? '', /^refused: .*unknown field\(s\) "mode"/);
    } finally {
      await f.cleanup();
    }
  });

  it('stops on the tool-call budget, answering every call it did not run', async () => {
    const f = await fixture({
      session: { budget: { maxToolCalls: 2 } },
      script: [{ toolCalls: [1, 2, 3].map(() => ({ name: 'list_files', arguments: {} })) }],
    });
    try {
      const r = await f.session.runTurn({ text: 'list', caller: owner });
      assert.equal(r.stop.reason, 'budget');
      assert.match(r.stop.message, /made 2 of its 2 tool calls.*maxToolCalls/);
      assert.equal(f.session.turns.filter((t) => t.role === 'tool-result').length, 3);
    } finally {
      await f.cleanup();
    }
  });

  it('stops when the model refuses', async () => {
    const f = await fixture({ script: [{ refusal: 'I will not help with that.' }] });
    try {
      const r = await f.session.runTurn({ text: 'something bad', caller: owner });
      assert.equal(r.stop.reason, 'refused');
    } finally {
      await f.cleanup();
    }
  });

  it('reopens a saved session and continues it with its history', async () => {
    const first = await fixture({ script: [{ text: 'first answer' }] });
    let id: string;
    try {
      await first.session.runTurn({ text: 'remember 42', caller: owner });
      id = first.session.id;
      const second = await agentFixture({ sandbox: box, script: [{ text: 'it was 42' }], session: { sessionsDir: first.sessionsDir, resume: id } });
      try {
        assert.equal(second.session.id, id);
        await second.session.runTurn({ text: 'what was it?', caller: owner });
        assert.match(JSON.stringify(second.server.requests[0]?.body), /remember 42.*first answer.*what was it\?/);
      } finally {
        await second.cleanup();
      }
    } finally {
      await first.cleanup();
    }
  });

  it('runs nothing when the audit log cannot record it, and stops with the reason', async () => {
    const f = await fixture({
      script: [{ toolCalls: [{ name: 'run_command', arguments: { command: 'touch unrecorded.txt' } }] }],
      decide: async () => ({ verdict: 'approve' }),
      auditFilter: (e) => {
        if (e.type === 'exec-start') throw new AuditWriteError('/audit', e.type, 'ENOSPC');
      },
    });
    try {
      const r = await f.session.runTurn({ text: 'touch', caller: owner });
      assert.equal(r.stop.reason, 'error');
      assert.match(r.stop.message, /audit/i);
      assert.equal(existsSync(join(box.workspace, 'unrecorded.txt')), false);
    } finally {
      await f.cleanup();
    }
  });
});
