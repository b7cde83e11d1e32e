// Issue 11, item 4: the CLI reads one policy. A deny rule in
// $CLAWDOCK_HOME/settings.json ("clawdock.policy.rules", the same key as VS
// Code) is honoured by `policy check`, `agent run` and `security audit` alike.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { AgentEvent } from '../../src/agent';
import type { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/main';
import { startModelServer, type ModelServer } from '../fixtures/model-server/index';
import { requireEngine } from '../helpers/engine-gate';
import { makeWorkspace, openSandbox } from '../helpers/sandbox-fixture';

const RULE = { id: 'notes-stay-private', pattern: ['cat', 'notes.txt'], decision: 'deny', reason: 'the notes stay private', match: ['cat notes.txt'] };
let home: string;
let workspace: string;
let server: ModelServer;

async function clawdock(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = { out: '', err: '' };
  const io: CliIo = {
    stdout: (t) => void (r.out += t.toString()),
    stderr: (t) => void (r.err += t.toString()),
    stdin: new PassThrough(),
    env: { PATH: process.env.PATH, CLAWDOCK_HOME: home, ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}) },
    cwd: workspace,
  };
  const code = await runCli(args, io);
  return { code, ...r };
}

describe('one policy for every clawdock command', requireEngine(), () => {
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'clawdock-home-'));
    workspace = makeWorkspace({ 'notes.txt': 'the safe combination is 1234\n' });
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ 'clawdock.policy.rules': [RULE] }));
    server = await startModelServer({
      script: (_req, turn) => (turn === 0 ? { toolCalls: [{ name: 'run_command', arguments: { command: 'cat notes.txt' } }] } : { text: 'I may not read the notes.' }),
    });
  });
  after(async () => {
    await server.close();
    await openSandbox({}, {}, workspace).cleanup();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it('policy check denies the command by the settings rule', async () => {
    const r = await clawdock(['policy', 'check', '--call', JSON.stringify({ tool: 'run_command', args: { command: 'cat notes.txt' } })]);
    assert.equal(r.code, 0, r.err);
    const d = JSON.parse(r.out);
    assert.deepEqual([d.decision, d.rule, d.source], ['deny', RULE.id, 'user']);
  });

  it('agent run refuses the same command by the same rule, and nothing runs', async () => {
    const r = await clawdock(['agent', 'run', 'what do the notes say?', '--workspace', workspace, '--approve', 'allow-sandboxed', '--json',
      '--provider', 'openai', '--base-url', server.openAiBaseUrl, '--model', 'local-model']);
    const events = r.out.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as AgentEvent);
    const decided = events.find((e) => e.type === 'tool-call-decided');
    assert.ok(decided?.type === 'tool-call-decided', r.err);
    assert.deepEqual([decided.decision, decided.rule, decided.source], ['deny', RULE.id, 'user']);
    assert.equal(events.some((e) => e.type === 'tool-output' && /1234/.test(e.text)), false);
  });

  it('security audit reports the same rule among the policy the agent runs with', async () => {
    const r = await clawdock(['security', 'audit', '--workspace', workspace, '--json']);
    const report = JSON.parse(r.out) as { policy: { loaded: boolean; rules: { id: string; decision: string; source: string }[] } };
    assert.equal(report.policy.loaded, true, r.err);
    assert.deepEqual(report.policy.rules, [{ id: RULE.id, decision: 'deny', source: 'user' }]);
    const text = await clawdock(['security', 'audit', '--workspace', workspace]);
    assert.match(text.out, /policy: mode ask-risky; rules from settings: notes-stay-private \(deny, user\)/);
  });

  it('every command refuses a settings file the policy cannot read, naming the key', async () => {
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ 'clawdock.policy.rulez': [RULE] }));
    try {
      for (const args of [['policy', 'check', '--call', '{}'], ['security', 'audit', '--workspace', workspace], ['agent', 'run', 'x', '--workspace', workspace, '--approve', 'deny', '--provider', 'openai', '--base-url', server.openAiBaseUrl, '--model', 'm']]) {
        const r = await clawdock(args);
        assert.equal(r.code, 1, `${args[0]}: ${r.err}`);
        assert.match(r.err, /unknown key "clawdock\.policy\.rulez"/, args[0]);
      }
    } finally {
      writeFileSync(join(home, 'settings.json'), JSON.stringify({ 'clawdock.policy.rules': [RULE] }));
    }
  });
});
