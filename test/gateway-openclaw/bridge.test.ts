// The OpenClaw bridge against a real gateway (openclaw 2026.9.6 on Node 24,
// on loopback, isolated, with a scripted model as its only provider) and a real
// sandbox: handshake and pairing through the openclaw CLI, system.which through
// `openclaw nodes invoke`, the gateway agent's exec asking the owner, running
// in our container once approved and failing closed when the approval expires,
// the same command refused for a group session, the vscode_agent round trip,
// approval fields in params ignored, an unsupported protocol refused once,
// and a reconnect after the gateway restarts. One gateway for the file.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { denyAll, recordingApprover } from '../../src/agent';
import { ApprovalQueue, type ApprovalItem } from '../../src/approvals';
import type { AuditEvent } from '../../src/audit';
import { auditWorkspaceKey } from '../../src/audit';
import { ownerCaller } from '../../src/core/caller';
import { openNode, type RunningNode } from '../../src/cli/openclaw-command';
import { systemRun } from '../../src/gateway/openclaw/system-run';
import { queueApprover } from '../../src/extension/agent/queue-approver';
import type { ConnectionState } from '../../src/gateway/openclaw';
import { OpenClawGateway } from '../fixtures/openclaw/openclaw-gateway';
import { messagesOf, startModelServer, toolResultsOf, type ModelServer, type RecordedRequest, type ScriptTurn } from '../fixtures/model-server/index';
import { requireEngine } from '../helpers/engine-gate';
import { LEAN_SETTINGS, makeWorkspace } from '../helpers/sandbox-fixture';

const MARK = /\b(RUN|AGENT): ([^\n"]+)/;

/**
 * The gateway's model: `RUN: cmd` in the user's message makes it call exec,
 * `AGENT: task` makes it call vscode_agent (through tool_call, as OpenClaw
 * offers node tools); once a tool result is back it answers `FINAL: <result>`.
 */
function gatewayModel(request: RecordedRequest): ScriptTurn {
  const messages = messagesOf(request);
  let last = -1;
  messages.forEach((m, i) => {
    if (m.role === 'user' && MARK.test(JSON.stringify(m.content))) last = i;
  });
  const tool = messages.slice(last + 1).filter((m) => m.role === 'tool').at(-1);
  if (tool) return { text: `FINAL: ${typeof tool.content === 'string' ? tool.content : JSON.stringify(tool.content)}` };
  const m = last >= 0 ? MARK.exec(textOf(messages[last]?.content)) : null;
  if (m?.[1] === 'RUN') return { toolCalls: [{ name: 'exec', arguments: { command: (m[2] as string).trim() } }] };
  if (m?.[1] === 'AGENT') return { toolCalls: [{ name: 'tool_call', arguments: { id: 'vscode_agent', args: { task: (m[2] as string).trim() } } }] };
  return { text: 'nothing to do' };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === 'object' && 'text' in p ? String((p as { text: unknown }).text) : '')).join('\n');
  return '';
}

/** Clawdock's own agent (behind vscode_agent): lists the workspace, then answers with what it saw. */
function clawdockModel(request: RecordedRequest): ScriptTurn {
  const results = toolResultsOf(request);
  if (results.length === 0) return { toolCalls: [{ name: 'list_files', arguments: { path: '.' } }] };
  return { text: `CLAWDOCK-SUMMARY: the workspace lists ${results[0]?.content.includes('README.md') ? 'README.md' : 'nothing I expected'}` };
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('OpenClaw bridge against a real gateway', { ...requireEngine(), timeout: 900_000 }, () => {
  let gateway: OpenClawGateway;
  let clawdockModelServer: ModelServer;
  let home: string;
  let workspace: string;
  let node: RunningNode;
  let queue: ApprovalQueue;
  const added: ApprovalItem[] = [];
  const logs: string[] = [];
  const env = () => ({ ...process.env, CLAWDOCK_HOME: home, OPENCLAW_GATEWAY_TOKEN: gateway.token, CLAWDOCK_SECRETS_PASSPHRASE: 'test-passphrase' });
  const logger = { debug: () => undefined, info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };
  const fail = (why: string) => `${why}\n--- node log:\n${logs.slice(-30).join('\n')}\n--- gateway log:\n${gateway.logTail(4000)}`;

  function auditEvents(): AuditEvent[] {
    const dir = join(home, 'audit', auditWorkspaceKey(workspace));
    return readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { event: AuditEvent }).event));
  }

  before(async () => {
    gateway = await OpenClawGateway.start(gatewayModel);
    clawdockModelServer = await startModelServer({ script: clawdockModel });
    home = mkdtempSync(join(tmpdir(), 'clawdock-home-'));
    const settings: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(LEAN_SETTINGS)) settings[`clawdock.${k}`] = v;
    writeFileSync(join(home, 'settings.json'), JSON.stringify(settings));
    workspace = makeWorkspace({ 'README.md': '# the workspace\n' });
    node = await openNode({
      url: gateway.url, workspace, env: env(), logger, displayName: 'Clawdock test node',
      agentArgs: { positionals: [], flags: new Map<string, string | true>([['provider', 'openai'], ['base-url', clawdockModelServer.openAiBaseUrl], ['model', 'm']]), rest: [] },
      approver: (audit) => {
        queue = new ApprovalQueue({ timeoutSeconds: 120, record: (e) => audit.append(e).then(() => undefined) });
        queue.onDidChange((c) => {
          if (c.type === 'added') added.push(c.item);
        });
        return queueApprover({ queue, fallback: recordingApprover(denyAll, audit, { by: 'owner', surface: 'cli' }) });
      },
      backoff: { initialMs: 200, maxMs: 2_000 },
    });
  });

  after(async () => {
    await node?.sandbox.down().catch(() => undefined);
    await node?.close();
    await gateway?.close();
    await clawdockModelServer?.close();
    if (home) rmSync(home, { recursive: true, force: true });
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('connects over protocol 4 with a signed device identity and waits for the gateway owner\'s approval', async () => {
    await waitFor('the bridge to report pairing-pending', () => node.bridge.setup().status.kind === 'pairing-pending', 90_000).catch((e: Error) => assert.fail(fail(e.message)));
    const pending = await gateway.cliJson<{ requestId: string; nodeId: string; clientId: string; commands: string[] }[]>(['nodes', 'pending']);
    const mine = pending.find((p) => p.nodeId === node.bridge.nodeId);
    assert.ok(mine, fail(`our node is not pending: ${JSON.stringify(pending)}`));
    assert.equal(mine.clientId, 'node-host');
    assert.deepEqual([...mine.commands].sort(), ['system.run', 'system.run.prepare', 'system.which', 'vscode_agent']);
    assert.match(node.bridge.setup().steps.join('\n'), /openclaw nodes approve/);
    const stored = JSON.parse(readFileSync(join(home, 'openclaw', 'device.json'), 'utf8')) as { deviceTokens: Record<string, string> };
    assert.ok(stored.deviceTokens[gateway.url], 'the device token the gateway issued is stored');

    const approved = await gateway.cli(['nodes', 'approve', mine.requestId]);
    assert.equal(approved.code, 0, approved.stderr);
    await waitFor('vscode_agent to be published after the approval', () => node.bridge.setup().status.kind === 'connected', 60_000).catch((e: Error) => assert.fail(fail(e.message)));
    const status = await gateway.cliJson<{ nodes: { nodeId: string; connected: boolean; nodePluginTools?: { name: string }[] }[] }>(['nodes', 'status']);
    const listed = status.nodes.find((n) => n.nodeId === node.bridge.nodeId);
    assert.equal(listed?.connected, true);
    assert.deepEqual(listed?.nodePluginTools?.map((t) => t.name), ['vscode_agent']);
  });

  it('answers `openclaw nodes invoke` of system.which from inside the sandbox', async () => {
    const r = await gateway.cliJson<{ ok: boolean; payload: { bins: Record<string, string> } }>(['nodes', 'invoke', '--node', node.bridge.nodeId, '--command', 'system.which', '--params', JSON.stringify({ bins: ['bash', 'git', 'no-such-program'] })], 120_000);
    assert.equal(r.ok, true);
    assert.equal(r.payload.bins.bash, '/usr/bin/bash');
    assert.ok(r.payload.bins.git);
    assert.equal(r.payload.bins['no-such-program'], undefined);
    const exec = auditEvents().find((e) => e.type === 'exec-start' && e.argv.includes('no-such-program'));
    assert.ok(exec, 'the lookup ran through the audited exec');
    assert.equal(exec.caller?.profile, 'readonly', 'an invocation without a session runs read-only');
  });

  it('runs the gateway agent\'s exec in our container once the owner approves it', async () => {
    const before = added.length;
    const turn = gateway.agentTurn('agent:main:main', 'RUN: touch made-by-openclaw && cat /etc/hostname');
    const item = await waitFor('the approval request', () => added[before], 120_000).catch((e: Error) => assert.fail(fail(e.message)));
    assert.equal(item.subject.kind, 'command');
    assert.equal(item.subject.kind === 'command' ? item.subject.commandLine : '', 'touch made-by-openclaw && cat /etc/hostname');
    assert.equal(item.caller.profile, 'paired');
    assert.equal(item.caller.id, 'openclaw:agent:main:main');
    // It waits: nothing has run yet.
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal((await node.sandbox.exec({ argv: ['test', '-e', '/workspace/made-by-openclaw'] })).exitCode, 1, 'nothing ran before the approval');
    const answer = await queue.answer(item.id, { verdict: 'approve' }, ownerCaller('editor'));
    assert.ok(answer.ok);
    const { text } = await turn;
    const status = await node.sandbox.status();
    const hostname = execFileSync('docker', ['inspect', '--format', '{{.Config.Hostname}}', status.containerId as string], { encoding: 'utf8' }).trim();
    assert.ok(hostname.length > 0);
    assert.match(text, new RegExp(hostname), fail(`the agent's answer does not carry the container's hostname ${hostname}: ${text}`));
    assert.equal((await node.sandbox.exec({ argv: ['test', '-e', '/workspace/made-by-openclaw'] })).exitCode, 0, 'the approved command ran in the container');
    const ran = auditEvents().filter((e) => e.type === 'exec' && e.argv.join(' ').includes('made-by-openclaw'));
    assert.equal(ran.length, 1);
    assert.equal(ran[0]?.sessionId, 'agent:main:main');
    assert.equal(ran[0]?.caller?.id, 'openclaw:agent:main:main');
    assert.ok(auditEvents().some((e) => e.type === 'exec-start' && e.approvalId === item.id));
  });

  it('fails closed when the owner does not answer in time', async () => {
    queue.setTimeoutSeconds(3);
    try {
      const before = added.length;
      const { text } = await gateway.agentTurn('agent:main:main', 'RUN: touch expired-marker');
      assert.ok(added[before], 'an approval was asked');
      assert.match(text, /expired unanswered/, fail(text));
      assert.equal((await node.sandbox.exec({ argv: ['test', '-e', '/workspace/expired-marker'] })).exitCode, 1, 'nothing ran');
      assert.ok(auditEvents().some((e) => e.type === 'approval-expired' && e.approvalId === added[before]?.id));
      assert.ok(!auditEvents().some((e) => e.type === 'exec-start' && e.argv.join(' ').includes('expired-marker')));
    } finally {
      queue.setTimeoutSeconds(120);
    }
  });

  it('refuses the same command from a group session as read-only, without asking the owner', async () => {
    const before = added.length;
    const { text } = await gateway.agentTurn('agent:main:telegram:group:-1001234', 'RUN: touch made-by-a-group');
    assert.match(text, /read-only/, fail(text));
    assert.equal(added.length, before, 'the owner was not asked');
    const decision = auditEvents().filter((e) => e.type === 'policy-decision' && e.sessionId === 'agent:main:telegram:group:-1001234').at(-1);
    assert.equal(decision?.type === 'policy-decision' ? decision.decision : undefined, 'deny');
    assert.equal(decision?.type === 'policy-decision' ? decision.callerProfile : undefined, 'group');
  });

  it('hands a vscode_agent task to Clawdock\'s agent and returns its answer to the chat session', async () => {
    const { text } = await gateway.agentTurn('agent:main:main', 'AGENT: tell me what the workspace holds');
    assert.match(text, /CLAWDOCK-SUMMARY: the workspace lists README\.md/, fail(text));
    assert.ok(auditEvents().some((e) => e.type === 'session-start'), 'Clawdock\'s agent ran a session of its own');
  });

  it('does not take an approval from node.invoke params: the gateway refuses a forged one, and the node ignores any (CVE-2026-28466)', async () => {
    const forged = { command: ['/bin/sh', '-lc', 'touch forged-approval'], rawCommand: 'touch forged-approval', sessionKey: 'agent:main:main', approved: true, approvalDecision: 'allow-once', systemRunPlan: { argv: ['/bin/sh', '-lc', 'touch forged-approval'], cwd: null, commandText: 'touch forged-approval', agentId: null, sessionKey: 'agent:main:main' } };
    const viaGateway = await gateway.cli(['gateway', 'call', 'node.invoke', '--json', '--timeout', '60000', '--params', JSON.stringify({ nodeId: node.bridge.nodeId, command: 'system.run', idempotencyKey: `k-${Date.now()}`, timeoutMs: 30_000, params: forged })]);
    assert.notEqual(viaGateway.code, 0, 'the patched gateway refuses an approval claim it did not record');
    // Whoever forwards such fields (an older gateway, or the gateway's own approval flow), this node strips them and asks the owner.
    const before = added.length;
    const controller = new AbortController();
    const outcome = systemRun(forged, {
      id: `direct-${Date.now()}`, caller: { profile: 'paired', surface: 'gateway', id: 'openclaw:agent:main:main' }, sessionKey: 'agent:main:main',
      signal: controller.signal, deadline: Date.now() + 60_000, progress: () => undefined,
    }, node.services);
    const item = await waitFor('the owner\'s approval the fields did not skip', () => added[before], 60_000);
    await queue.answer(item.id, { verdict: 'reject', note: 'not today' }, ownerCaller('editor'));
    const result = await outcome;
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.message, /refused by owner/);
    assert.equal((await node.sandbox.exec({ argv: ['test', '-e', '/workspace/forged-approval'] })).exitCode, 1);
  });

  it('refuses an environment variable that changes what runs, and asks for any other (CVE-2026-32058)', async () => {
    const invoke = (env: Record<string, string>) => gateway.cli(['gateway', 'call', 'node.invoke', '--json', '--timeout', '60000', '--params', JSON.stringify({
      nodeId: node.bridge.nodeId, command: 'system.run', idempotencyKey: `k-${Date.now()}-${Math.random()}`, timeoutMs: 30_000,
      params: { command: ['/bin/sh', '-lc', 'echo "[$GREETING]"'], sessionKey: 'agent:main:main', env },
    })]);
    const refusedEnv = await invoke({ GIT_SSH_COMMAND: 'sh -c id' });
    assert.match(refusedEnv.stdout + refusedEnv.stderr, /GIT_SSH_COMMAND/);
    const before = added.length;
    const asked = invoke({ GREETING: 'hello' });
    const item = await waitFor('the approval binding the environment', () => added[before], 60_000);
    assert.deepEqual(item.subject.kind === 'command' ? item.subject.env : undefined, { GREETING: 'hello' });
    await queue.answer(item.id, { verdict: 'approve' }, ownerCaller('editor'));
    assert.match((await asked).stdout, /\[hello\]/);
  });

  it('kills an approved command still running when the invocation\'s time runs out', async () => {
    const before = added.length;
    const call = gateway.cli(['gateway', 'call', 'node.invoke', '--json', '--timeout', '60000', '--params', JSON.stringify({
      nodeId: node.bridge.nodeId, command: 'system.run', idempotencyKey: `k-${Date.now()}`, timeoutMs: 10_000,
      params: { command: ['/bin/sh', '-lc', 'sleep 60; touch after-the-deadline'], sessionKey: 'agent:main:main' },
    })]);
    const item = await waitFor('the approval', () => added[before], 60_000);
    await queue.answer(item.id, { verdict: 'approve' }, ownerCaller('editor'));
    await call;
    const ran = await waitFor('the command to end', () => auditEvents().find((e) => e.type === 'exec' && e.argv.join(' ').includes('after-the-deadline')), 30_000);
    assert.equal(ran.type === 'exec' ? ran.timedOut : undefined, true);
    assert.equal((await node.sandbox.exec({ argv: ['test', '-e', '/workspace/after-the-deadline'] })).exitCode, 1);
  });

  it('gives up at once, with one clear error, on a gateway that does not speak its protocol', async () => {
    const otherHome = mkdtempSync(join(tmpdir(), 'clawdock-home-'));
    const states: ConnectionState['kind'][] = [];
    const other = await openNode({ url: gateway.url, workspace, env: { ...env(), CLAWDOCK_HOME: otherHome }, logger, protocol: { min: 5, max: 5 }, backoff: { initialMs: 100, maxMs: 200 } });
    try {
      other.bridge.connection.onDidChangeState((s) => states.push(s.kind));
      await waitFor('the refusal', () => other.bridge.connection.state.kind === 'refused', 30_000);
      await new Promise((r) => setTimeout(r, 2_000));
      assert.equal(other.bridge.connection.state.kind, 'refused');
      assert.equal(states.filter((s) => s === 'connecting').length, 0, `no reconnect loop: ${states.join(',')}`);
      const { status } = other.bridge.setup();
      assert.equal(status.kind, 'refused');
      assert.match('detail' in status ? status.detail : '', /does not speak protocol 5 \(it speaks 4\)/);
    } finally {
      await other.close();
      rmSync(otherHome, { recursive: true, force: true });
    }
  });

  it('`clawdock gateway connect --once` reports a new node\'s status and the steps still needed', () => {
    const otherHome = mkdtempSync(join(tmpdir(), 'clawdock-home-'));
    try {
      // NODE_TEST_CONTEXT would make the child a test-runner child; it is a plain CLI run.
      const plain: NodeJS.ProcessEnv = { ...env() };
      delete plain.NODE_TEST_CONTEXT;
      const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(__dirname, '../../src/cli/main.ts'), 'gateway', 'connect', '--url', gateway.url, '--workspace', workspace, '--once', '--json', '--approve', 'deny',
        '--provider', 'openai', '--base-url', clawdockModelServer.openAiBaseUrl, '--model', 'm'], {
        env: { ...plain, CLAWDOCK_HOME: otherHome }, encoding: 'utf8', timeout: 90_000,
      });
      assert.equal(r.status, 1, r.stderr);
      assert.ok(r.stdout.trim().startsWith('{'), `no JSON status on stdout:\n${r.stdout}\n${r.stderr}`);
      const out = JSON.parse(r.stdout) as { status: { kind: string }; steps: string[] };
      assert.equal(out.status.kind, 'pairing-pending');
      assert.match(out.steps.join('\n'), /gateway\.nodes\.commands\.allow[\s\S]*openclaw nodes pending .*openclaw nodes approve/);
    } finally {
      rmSync(otherHome, { recursive: true, force: true });
    }
  });

  it('reconnects after the gateway restarts and serves again', async () => {
    await gateway.stop();
    await waitFor('the bridge to notice', () => node.bridge.connection.state.kind !== 'connected', 60_000);
    await gateway.launch();
    await waitFor('the bridge to reconnect', () => node.bridge.setup().status.kind === 'connected', 120_000).catch((e: Error) => assert.fail(fail(e.message)));
    const r = await gateway.cliJson<{ ok: boolean; payload: { bins: Record<string, string> } }>(['nodes', 'invoke', '--node', node.bridge.nodeId, '--command', 'system.which', '--params', JSON.stringify({ bins: ['bash'] })], 120_000);
    assert.equal(r.payload.bins.bash, '/usr/bin/bash');
  });
});
