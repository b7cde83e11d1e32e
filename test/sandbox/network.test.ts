// `clawdock.sandbox.network: "allowlist"` through the Sandbox itself: the
// container joins only its egress network, every command gets a credential
// of its own in the usual proxy variables, an allowed name answers, anything
// else is refused with the setting that would allow it, every connection is
// audited with the command that made it, and a stopped proxy leaves no way
// out until the next command starts it again. Only servers the test starts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { configFromObject } from '../../src/core/config/config-source';
import { dockerFor, egressNames, ensureNetwork } from '../../src/egress/deploy/egress-docker';
import { readEgressSettings, type EgressRecord } from '../../src/egress';
import { startHelloServer } from '../../src/egress/egress-testing';
import { resolveEngineAddress } from '../../src/sandbox';
import { requireEngine } from '../helpers/engine-gate';
import { makeWorkspace, openSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { rmSync } from 'node:fs';

// Fetches a URL with Python's urllib, which reads HTTP(S)_PROXY like most tools.
const FETCH = `
import sys, urllib.request
try:
    print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())
except Exception as e:
    print('FAILED', e)
`;

describe('a sandbox with an allowlist network', requireEngine(), () => {
  const docker: Docker = dockerFor(resolveEngineAddress(''));
  let f: SandboxFixture;
  let server: Awaited<ReturnType<typeof startHelloServer>>;
  const records: EgressRecord[] = [];

  before(async () => {
    const workspace = makeWorkspace({ 'a.txt': 'a\n' });
    // The proxy's outside network is shared; the test's server listens on its gateway, reached only by the names below.
    const gateway = (await ensureNetwork(docker, egressNames(workspace).outside, 'outside', {})).gateway;
    server = await startHelloServer(gateway, 'origin');
    // The egress options a real caller passes (rules, audit), with the test's own name table.
    const rules = readEgressSettings({ user: configFromObject({ 'sandbox.allowedDomains': ['allowed.test'], 'sandbox.deniedDomains': ['denied.test'] }), workspaceTrusted: true });
    f = openSandbox({ 'sandbox.network': 'allowlist' }, {}, workspace, {
      egress: {
        settings: () => rules,
        audit: async (r: EgressRecord) => void records.push(r),
        testing: { resolver: { kind: 'static', hosts: { 'allowed.test': [gateway], 'denied.test': [gateway], 'other.test': [gateway] } }, exemptAddresses: [gateway] },
      },
    });
    await f.sandbox.up();
  });
  after(async () => {
    server?.server.close();
    await f?.cleanup();
    rmSync(f?.workspace ?? '/nonexistent', { recursive: true, force: true });
  });

  const fetch = (url: string) => f.sandbox.exec({ argv: ['python3', '-c', FETCH, url], timeoutMs: 20_000 });

  it('joins only its egress network and reports it in status', async () => {
    const info = await f.engine.inspectContainer(f.sandbox.workspace.containerName);
    const networks = Object.keys((info?.raw as { NetworkSettings: { Networks: Record<string, unknown> } }).NetworkSettings.Networks);
    assert.deepEqual(networks, [egressNames(f.workspace).internal]);
    const status = await f.sandbox.status();
    assert.equal(status.egress?.allowed, 1);
    assert.match(status.egress?.proxy ?? '', /:\d+$/);
  });

  it('reaches an allowed name through the proxy, as the command that asked', async () => {
    const r = await fetch(`http://allowed.test:${server.port}/hello`);
    assert.equal(r.stdout.trim(), 'hello from origin', r.stderr);
    assert.equal(r.networkRefusals, undefined);
    const allowed = records.filter((x) => x.domain === 'allowed.test' && x.decision === 'allowed');
    assert.ok(allowed.length >= 1 && allowed.every((x) => typeof x.commandId === 'string' && x.commandId.length > 0));
  });

  it('refuses a denied and an unlisted name, and tells the command which setting would allow it', async () => {
    for (const name of ['denied.test', 'other.test']) {
      const r = await fetch(`http://${name}:${server.port}/`);
      assert.match(r.stdout, /FAILED/);
      assert.ok((r.networkRefusals ?? []).some((t) => t.includes(name) && t.includes('allowedDomains')), JSON.stringify(r.networkRefusals));
    }
    assert.ok(records.some((x) => x.domain === 'denied.test' && x.decision === 'refused'));
  });

  it('has no network at all while the proxy is stopped, and gets it back with the next command', async () => {
    const proxy = egressNames(f.workspace).proxy;
    await docker.getContainer(proxy).remove({ force: true });
    // Until the sandbox notices, a command finds no way out — never an open one.
    const cut = await f.sandbox.exec({ argv: ['python3', '-c', `import socket\ntry:\n    socket.create_connection(('1.1.1.1', 80), timeout=2)\n    print('OPEN')\nexcept OSError as e:\n    print('closed', e)`], timeoutMs: 20_000 });
    assert.match(cut.stdout, /^closed/);
    // The proxy is started again for a later command.
    for (let i = 0; i < 50 && (await f.sandbox.status()).egress?.proxy; i++) await new Promise((r) => setTimeout(r, 100));
    const again = await fetch(`http://allowed.test:${server.port}/again`);
    assert.equal(again.stdout.trim(), 'hello from origin', again.stderr);
  });
});
