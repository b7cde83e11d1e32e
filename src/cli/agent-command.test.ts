// `clawdock agent` against a real engine and the scripted local model server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { AgentEvent } from '../agent';
import { UsageError } from '../core/errors';
import { startModelServer, type ModelServer, type ScriptTurn } from '../../test/fixtures/model-server/index';
import { requireEngine } from '../../test/helpers/engine-gate';
import { makeWorkspace, openSandbox } from '../../test/helpers/sandbox-fixture';
import { runAgentCommand } from './agent-command';
import type { CliIo } from './io';

let home: string;
let workspace: string;
let server: ModelServer;
let script: (turn: number) => ScriptTurn = () => ({ text: 'ok' });
// The server counts turns over the whole suite; each test counts its own from `start`.
let served = 0;
let start = 0;
function setScript(next: (turn: number) => ScriptTurn): void {
  start = served;
  script = next;
}

function io(): CliIo & { out: string; err: string } {
  const r = {
    out: '', err: '',
    stdout(t: string | Buffer) { r.out += t.toString(); },
    stderr(t: string | Buffer) { r.err += t.toString(); },
    stdin: new PassThrough(),
    env: { PATH: process.env.PATH, CLAWDOCK_HOME: home, ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}) },
    cwd: workspace,
  };
  return r;
}

const local = (extra: string[] = []) => ['--provider', 'openai', '--base-url', server.openAiBaseUrl, '--model', 'local-model', ...extra];

describe('clawdock agent run', requireEngine(), () => {
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'clawdock-home-'));
    workspace = makeWorkspace({ 'notes.txt': 'remember the milk\n' });
    server = await startModelServer({
      script: (_req, turn) => {
        served = turn + 1;
        return script(turn - start);
      },
    });
  });
  after(async () => {
    await server.close();
    await openSandbox({}, {}, workspace).cleanup();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it('finishes a task, prints one JSON event per line and exits 0', async () => {
    setScript((turn) => (turn === 0 ? { toolCalls: [{ name: 'read_file', arguments: { path: 'notes.txt' } }] } : { text: 'It says to remember the milk.' }));
    const r = io();
    const code = await runAgentCommand(['run', 'what do the notes say?', '--approve', 'deny', '--json', ...local()], r);
    assert.equal(code, 0, r.err);
    const events = r.out.trim().split('\n').map((l) => JSON.parse(l) as AgentEvent);
    assert.equal(events[0]?.type, 'turn-started');
    assert.equal(events.at(-1)?.type, 'turn-finished');
    const finished = events.find((e) => e.type === 'tool-call-finished');
    assert.ok(finished?.type === 'tool-call-finished' && /remember the milk/.test(finished.content));
    // The audit trail names the CLI as the surface.
    const audit = readFileSync(join(home, 'audit', readdirOne(join(home, 'audit')), `${new Date().toISOString().slice(0, 10)}.jsonl`), 'utf8');
    assert.match(audit, /"surface":"cli"/);
    assert.match(audit, /"type":"tool-call-proposed"/);
  });

  it('exits 1 when a command that needs approval is rejected by --approve deny and the model gives up', async () => {
    setScript((turn) => (turn === 0 ? { toolCalls: [{ name: 'run_command', arguments: { command: 'rm notes.txt' } }] } : { text: 'I could not change the file.' }));
    const r = io();
    const code = await runAgentCommand(['run', 'empty the notes', '--approve', 'deny', ...local()], r);
    assert.equal(code, 1, r.err);
    assert.match(r.err, /approval rejected/);
    assert.equal(readFileSync(join(workspace, 'notes.txt'), 'utf8'), 'remember the milk\n');
  });

  it('writes the agent\'s edits into the shadow workspace and says what waits for review', async () => {
    setScript((turn) => (turn === 0 ? { toolCalls: [{ name: 'write_file', arguments: { path: 'notes.txt', content: 'buy bread\n' } }] } : { text: 'Done.' }));
    const r = io();
    const code = await runAgentCommand(['run', 'change the notes', '--approve', 'deny', ...local()], r);
    assert.equal(code, 0, r.err);
    assert.equal(readFileSync(join(workspace, 'notes.txt'), 'utf8'), 'remember the milk\n');
    assert.match(r.err, /shadow workspace: 1 change\(s\) wait for review/);
  });

  it('exits 1 with the budget message when --max-turns runs out', async () => {
    setScript(() => ({ toolCalls: [{ name: 'list_files', arguments: {} }] }));
    const r = io();
    const code = await runAgentCommand(['run', 'loop', '--approve', 'deny', '--max-turns', '2', ...local()], r);
    assert.equal(code, 1);
    assert.match(r.err, /used 2 of its 2 model turns/);
  });

  it('exits 3 when the provider fails', async () => {
    setScript(() => ({ status: 500, errorMessage: 'the model server broke' }));
    const r = io();
    const code = await runAgentCommand(['run', 'anything', '--approve', 'deny', ...local()], r);
    assert.equal(code, 3, r.err);
    assert.match(r.err, /provider failed/);
  });

  it('continues the latest session with --continue and lists sessions', async () => {
    setScript(() => ({ text: 'second answer' }));
    const r = io();
    assert.equal(await runAgentCommand(['run', 'and again', '--continue', '--approve', 'deny', '--json', ...local()], r), 0, r.err);
    const request = server.requests.at(-1)?.body as { messages: { role: string; content: unknown }[] };
    assert.ok(request.messages.length > 2, 'the earlier turns were sent again');
    const list = io();
    assert.equal(await runAgentCommand(['sessions', '--json'], list), 0);
    const sessions = JSON.parse(list.out) as { id: string }[];
    assert.ok(sessions.length >= 1);
  });

  it('refuses usage mistakes: no task, --approve ask without a terminal, an unknown provider', async () => {
    await assert.rejects(runAgentCommand(['run', ...local()], io()), UsageError);
    await assert.rejects(runAgentCommand(['run', 'x', '--approve', 'ask', ...local()], io()), /needs a terminal/);
    await assert.rejects(runAgentCommand(['run', 'x', '--provider', 'acme'], io()), /anthropic or openai/);
    await assert.rejects(runAgentCommand(['run', 'x'], io()), /no model provider/);
    await assert.rejects(runAgentCommand(['run', 'x', '--provider', 'openai', '--base-url', 'ftp://x', '--model', 'm'], io()), UsageError);
  });
});

function readdirOne(dir: string): string {
  const names = readdirSync(dir);
  assert.equal(names.length, 1);
  return names[0] as string;
}
