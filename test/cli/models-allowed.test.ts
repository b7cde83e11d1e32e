// `clawdock.models.allowed` (issue 15.2) through `clawdock agent run`: a
// workspace that narrows its models to loopback (in its .vscode/settings.json,
// where the editor reads it too) gets a request to any other base URL refused
// before a connection is made — the other server sees none — with the setting
// named and an audit line; a loopback model still works.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEvent } from '../../src/audit';
import { workspaceKey } from '../../src/core/workspace-key';
import { createEngine, Sandbox } from '../../src/sandbox';
import { startModelServer, type ModelServer } from '../fixtures/model-server/index';
import { requireEngine } from '../helpers/engine-gate';
import { LEAN_SETTINGS, makeWorkspace, testSettings } from '../helpers/sandbox-fixture';
import { cli } from './cli-in-process';

/** An address of this machine that is not loopback (else 127.0.0.2, which the narrowing below does not name either). */
function otherAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.2';
}

describe('clawdock.models.allowed narrowed to loopback by the workspace', requireEngine(), () => {
  let home: string;
  let workspace: string;
  let env: NodeJS.ProcessEnv;
  let other: Server;
  let otherUrl: string;
  let connections = 0;
  let local: ModelServer;

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'clawdock-models-home-'));
    workspace = makeWorkspace({ 'hello.txt': 'hi\n' });
    mkdirSync(join(workspace, '.vscode'));
    writeFileSync(join(workspace, '.vscode', 'settings.json'), '{\n  // sensitive data: local models only\n  "clawdock.models.allowed": [\n    { "baseUrl": "http://127.0.0.1:*/**" },\n    { "baseUrl": "http://localhost:*/**" },\n  ],\n}\n');
    writeFileSync(join(home, 'settings.json'), JSON.stringify(Object.fromEntries(Object.entries(LEAN_SETTINGS).map(([k, v]) => [`clawdock.${k}`, v]))));
    env = { PATH: process.env.PATH, CLAWDOCK_HOME: home, OPENAI_API_KEY: 'sk-test-not-sent' };
    other = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    const host = otherAddress();
    await new Promise<void>((resolve) => other.listen(0, host, resolve));
    otherUrl = `http://${host}:${(other.address() as { port: number }).port}/v1`;
    local = await startModelServer({ script: [{ text: 'Nothing to do.' }] });
  });

  after(async () => {
    await new Promise((resolve) => other.close(resolve));
    await local.close();
    const sandbox = new Sandbox({ workspace, settings: testSettings(), engine: createEngine(testSettings()), stateRoot: join(home, 'shadow') });
    try {
      await sandbox.down({ dropChanges: true });
    } finally {
      sandbox.dispose();
      rmSync(workspace, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('refuses a model at another base URL before any connection reaches it, naming the setting, and audits it', async () => {
    const r = await cli(['agent', 'run', 'say hi', '--workspace', workspace, '--provider', 'openai', '--base-url', otherUrl, '--model', 'gpt-4.1', '--approve', 'deny'], env);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /clawdock\.models\.allowed/);
    assert.match(r.stderr, /workspace settings \(.*\.vscode\/settings\.json\)/);
    assert.equal(connections, 0, 'the other server saw no connection');

    const dir = join(home, 'audit', workspaceKey(workspace));
    const events = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { event: AuditEvent }).event));
    const refused = events.filter((e) => e.type === 'model-refused');
    assert.equal(refused.length, 1);
    assert.deepEqual({ ...refused[0], reason: undefined }, { type: 'model-refused', provider: 'openai', model: 'gpt-4.1', baseUrl: otherUrl, setting: 'models.allowed', reason: undefined });
    assert.equal(events.filter((e) => e.type === 'model-request' || e.type === 'session-start').length, 0, 'no session, no request');
  });

  it('lets the same workspace use a model on loopback', async () => {
    const r = await cli(['agent', 'run', 'say hi', '--workspace', workspace, '--provider', 'openai', '--base-url', local.openAiBaseUrl, '--model', 'llama3', '--approve', 'deny'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(local.requests.length, 1);
  });
});
