import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { AuditLog, auditWorkspaceKey, defaultAuditRoot, Redactor } from '../audit';
import { egressAuditEvent } from '../egress/egress-record';
import { runEgressCommand } from './egress-command';
import type { CliIo } from './io';

describe('clawdock egress log', () => {
  let home: string;
  let workspace: string;

  function io(): CliIo & { out: string[] } {
    const out: string[] = [];
    return { out, stdout: (t) => out.push(String(t)), stderr: () => {}, stdin: new PassThrough(), env: { CLAWDOCK_HOME: home }, cwd: workspace };
  }

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'clawdock-home-'));
    workspace = realpathSync(mkdtempSync(join(tmpdir(), 'clawdock-ws-')));
    const log = await AuditLog.open({ root: defaultAuditRoot({ CLAWDOCK_HOME: home }), workspaceKey: auditWorkspaceKey(workspace), redactor: new Redactor({ secretlint: false }) });
    await log.append({ type: 'sandbox', action: 'up' });
    await log.append(egressAuditEvent({ commandId: 'c1', domain: 'registry.npmjs.org', port: 443, via: 'connect', decision: 'allowed', rule: 'registry.npmjs.org', address: '104.16.0.1', bytesUp: 900, bytesDown: 52_000, durationMs: 120 }));
    await log.append(egressAuditEvent({ commandId: 'c2', domain: 'evil.test', port: 443, via: 'connect', decision: 'refused', reason: 'evil.test is not in `clawdock.sandbox.allowedDomains`', bytesUp: 0, bytesDown: 0, durationMs: 0.4 }));
    await log.close();
  });
  after(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  });

  it('prints each egress connection as a line with its command, and nothing else', async () => {
    const o = io();
    assert.equal(await runEgressCommand(['log', '--workspace', workspace], o), 0);
    const lines = o.out.join('').trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /egress ALLOWED registry\.npmjs\.org:443 via connect for command c1/);
    assert.match(lines[1]!, /egress REFUSED evil\.test:443 .* command c2 — evil\.test is not in/);
  });

  it('prints JSON lines with --json', async () => {
    const o = io();
    await runEgressCommand(['log', '--json'], o);
    const events = o.out.join('').trim().split('\n').map((l) => JSON.parse(l) as { type: string; commandId: string; seq: number });
    assert.deepEqual(events.map((e) => [e.type, e.commandId]), [['egress', 'c1'], ['egress', 'c2']]);
    assert.ok(events.every((e) => typeof e.seq === 'number'));
  });

  it('refuses an unknown subcommand as a usage error', async () => {
    await assert.rejects(runEgressCommand(['tail'], io()), /unknown egress command/);
  });
});
