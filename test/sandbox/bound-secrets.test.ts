// Secrets bound to hosts (issue 16) through the Sandbox and the real engine:
// the sandbox only ever sees a placeholder — in no process's environment, no
// file, no re-encoding a command can make — and the egress proxy puts the
// real value into requests to the secret's host alone, over TLS it
// terminates with the sandbox's own CA. A placeholder sent to another
// allowed host is refused and audited as an attempted leak. Only servers the
// test starts, reached by name through the proxy's test resolver.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromObject } from '../../src/core/config/config-source';
import { dockerFor, egressNames, ensureNetwork } from '../../src/egress/deploy/egress-docker';
import { makeTestCertificate, startHelloServer } from '../../src/egress/egress-testing';
import { readEgressSettings, type BoundSecret, type EgressRecord } from '../../src/egress';
import { createEngine, resolveEngineAddress, Sandbox } from '../../src/sandbox';
import { requireEngine } from '../helpers/engine-gate';
import { makeWorkspace, testSettings } from '../helpers/sandbox-fixture';

const NPM_VALUE = 'npm_Sup3rS3cret-Value_0123456789abcdef';
const GIT_VALUE = 'ghp_An0therS3cret_ValueForGit_987654';

/** Every form the issue names a command could print the value in. */
function encodings(value: string): string[] {
  const b = Buffer.from(value);
  return [
    value, [...value].reverse().join(''), b.toString('base64').replace(/=+$/, ''), b.toString('base64url'), b.toString('hex'),
    [...value].join(' '), value.slice(0, 18), value.slice(18), encodeURIComponent(value),
  ];
}

/** Fetches a URL with Python's urllib (proxy and trust from the usual variables), with an Authorization header from a variable. */
const FETCH = `
import os, sys, urllib.request
req = urllib.request.Request(sys.argv[1], headers={'Authorization': 'Bearer ' + os.environ.get(sys.argv[2], '')})
try:
    print(urllib.request.urlopen(req, timeout=10).read().decode())
except urllib.error.HTTPError as e:
    print('HTTP', e.code, e.read().decode())
except Exception as e:
    print('FAILED', e)
`;

describe('secrets bound to hosts, in a real sandbox', requireEngine(), () => {
  const docker = dockerFor(resolveEngineAddress(''));
  const cert = makeTestCertificate(['secret.test', 'git.test']);
  const seen: { host: string; url: string; authorization: string }[] = [];
  const records: EgressRecord[] = [];
  let workspace: string;
  let stateRoot: string;
  let sandbox: Sandbox;
  let https: { server: HttpsServer; port: number };
  let plain: Awaited<ReturnType<typeof startHelloServer>>;
  let proxyName: string;

  before(async () => {
    workspace = makeWorkspace({ 'a.txt': 'a\n' });
    stateRoot = mkdtempSync(join(tmpdir(), 'clawdock-state-'));
    const gateway = (await ensureNetwork(docker, egressNames(workspace).outside, 'outside', {})).gateway;
    proxyName = egressNames(workspace).proxy;
    // The secret's host (and a git host that asks for Basic credentials first, as real ones do): TLS with a certificate only the proxy is told to trust.
    const server = createHttpsServer(cert, (req, res) => {
      const authorization = req.headers.authorization ?? '';
      seen.push({ host: req.headers.host ?? '', url: req.url ?? '', authorization });
      req.resume();
      if (req.headers.host?.startsWith('git.test') && !authorization) return void res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
      res.end(`hello from ${req.headers.host} to ${authorization ? 'someone with a credential' : 'no one'}`);
    });
    await new Promise<void>((resolve) => server.listen(0, gateway, resolve));
    https = { server, port: (server.address() as AddressInfo).port };
    plain = await startHelloServer(gateway, 'other');
    const rules = readEgressSettings({ user: configFromObject({ 'sandbox.allowedDomains': ['secret.test', 'git.test', 'other.test'] }), workspaceTrusted: true });
    const bound: BoundSecret[] = [
      { name: 'NPM_TOKEN', hosts: ['secret.test'], header: 'Authorization', scheme: 'Bearer', value: NPM_VALUE },
      { name: 'GIT_TOKEN', hosts: ['git.test'], placement: 'basic', value: GIT_VALUE },
    ];
    const settings = testSettings({ 'sandbox.network': 'allowlist' });
    sandbox = new Sandbox({
      workspace, settings, engine: createEngine(settings), stateRoot: join(stateRoot, 'shadow'),
      egress: {
        settings: () => rules,
        secrets: () => bound,
        audit: async (r) => void records.push(r),
        testing: { resolver: { kind: 'static', hosts: { 'secret.test': [gateway], 'git.test': [gateway], 'other.test': [gateway] } }, exemptAddresses: [gateway], upstreamCa: [cert.cert] },
      },
    });
    await sandbox.up();
  });
  after(async () => {
    https?.server.close();
    plain?.server.close();
    try {
      await sandbox?.down({ dropChanges: true });
    } finally {
      sandbox?.dispose();
      rmSync(workspace, { recursive: true, force: true });
      rmSync(stateRoot, { recursive: true, force: true });
    }
  });

  const sh = (script: string) => sandbox.exec({ argv: ['bash', '-c', script], timeoutMs: 30_000 });

  it('gives every command a placeholder, and nothing inside ever holds the real value in any form', async () => {
    const r = await sh([
      'echo "NPM=$NPM_TOKEN"',
      'printenv',
      'for f in /proc/[0-9]*/environ /proc/[0-9]*/cmdline; do tr "\\0" "\\n" < "$f" 2>/dev/null; done',
      'printenv NPM_TOKEN | rev 2>/dev/null || printenv NPM_TOKEN | python3 -c "import sys; print(sys.stdin.read()[::-1])"',
      'printenv NPM_TOKEN | base64 -w0; echo',
      'printenv NPM_TOKEN | (command -v xxd >/dev/null && xxd -p || od -An -tx1)',
      'printenv NPM_TOKEN | sed "s/./& /g"',
      'printenv NPM_TOKEN | cut -c1-18; printenv NPM_TOKEN | cut -c19-',
      'find /tmp /run /home /workspace /etc/clawdock-ca -type f -readable 2>/dev/null | while read -r f; do cat "$f" 2>/dev/null; done | head -c 400000',
    ].join('\n'));
    assert.equal(r.exitCode, 0, r.stderr);
    const placeholder = /NPM=(CLAWDOCK_SECRET_NPM_TOKEN_[0-9a-f]{24})/.exec(r.stdout)?.[1];
    assert.ok(placeholder, r.stdout.slice(0, 500));
    const everything = `${r.stdout}\n${r.stderr}`;
    for (const form of [...encodings(NPM_VALUE), ...encodings(GIT_VALUE)]) assert.ok(!everything.includes(form), `the sandbox showed ${JSON.stringify(form)}`);
  });

  it('keeps the values out of the proxy container\'s arguments and environment too', async () => {
    const info = await docker.getContainer(proxyName).inspect();
    const visible = JSON.stringify({ env: info.Config.Env, cmd: info.Config.Cmd, entrypoint: info.Config.Entrypoint, args: info.Args, labels: info.Config.Labels });
    for (const form of encodings(NPM_VALUE)) assert.ok(!visible.includes(form));
  });

  it('has the real value put into the configured header of a request to the secret\'s host, over TLS the sandbox trusts', async () => {
    const r = await sandbox.exec({ argv: ['python3', '-c', FETCH, `https://secret.test:${https.port}/pkg`, 'NPM_TOKEN'], timeoutMs: 30_000 });
    assert.match(r.stdout, /hello from secret\.test:\d+ to someone with a credential/, r.stdout + r.stderr);
    assert.deepEqual(seen.filter((s) => s.url === '/pkg').map((s) => s.authorization), [`Bearer ${NPM_VALUE}`]);
    assert.ok(!r.stdout.includes(NPM_VALUE));
    const record = records.find((x) => x.domain === 'secret.test' && (x.secrets ?? []).includes('NPM_TOKEN'));
    assert.equal(record?.decision, 'allowed');
  });

  it('has git send the real value as its Basic password to the git host (GnuTLS trusting the bundle)', async () => {
    const r = await sh(`git -c credential.helper= ls-remote "https://x-access-token:$GIT_TOKEN@git.test:${https.port}/repo.git" 2>&1; true`);
    const basic = seen.filter((s) => s.host.startsWith('git.test') && s.authorization).map((s) => Buffer.from(s.authorization.replace(/^Basic /, ''), 'base64').toString());
    assert.ok(basic.includes(`x-access-token:${GIT_VALUE}`), `${JSON.stringify(seen)} ${r.stdout}`);
    assert.ok(!r.stdout.includes(GIT_VALUE));
  });

  it('refuses the same request to another allowed host and audits it as an attempted leak', async () => {
    const r = await sandbox.exec({ argv: ['python3', '-c', FETCH, `http://other.test:${plain.port}/`, 'NPM_TOKEN'], timeoutMs: 30_000 });
    assert.match(r.stdout, /HTTP 403/);
    assert.match(r.stdout, /attempted leak/);
    assert.equal(plain.seen.length, 0, 'the other host saw nothing');
    const leak = records.find((x) => x.leak === 'NPM_TOKEN');
    assert.equal(leak?.domain, 'other.test');
    assert.equal(leak?.decision, 'refused');
    assert.ok((r.networkRefusals ?? []).some((t) => t.includes('NPM_TOKEN')), JSON.stringify(r.networkRefusals));
  });

  it('refuses the secret\'s placeholder to its own host over plain HTTP', async () => {
    const r = await sandbox.exec({ argv: ['python3', '-c', FETCH, `http://secret.test:${plain.port}/`, 'NPM_TOKEN'], timeoutMs: 30_000 });
    assert.match(r.stdout, /HTTP 403.*only sent over TLS/s);
  });

  it('leaves the trust files root\'s: a command cannot change what later commands trust', async () => {
    const r = await sh('ls -ln /etc/clawdock-ca; echo x >> /etc/clawdock-ca/bundle.pem && echo WROTE; rm -f /etc/clawdock-ca/ca.pem && echo REMOVED; true');
    assert.doesNotMatch(r.stdout, /WROTE|REMOVED/);
    assert.match(r.stdout, / 0 +0 .*bundle\.pem/);
  });
});
