// The egress proxy against the real engine (issue 14): a container on the
// workspace's internal network reaches an allowed name only through the proxy,
// and nothing else at all. Every server here is one this test starts, on the
// host's address in the proxy's outside network; names resolve through the
// proxy's test table, so no DNS query and no outside address is ever involved.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { AddressInfo } from 'node:net';
import { configFromObject } from '../../src/core/config/config-source';
import { dockerFor, egressNames, ensureNetwork, removeEgressNetwork } from '../../src/egress/deploy/egress-docker';
import { assertOnlyOnEgressNetwork } from '../../src/egress/deploy/sandbox-network';
import { startEgress, type Egress } from '../../src/egress/deploy/start-egress';
import { describeRefusal } from '../../src/egress/egress-record';
import type { EgressRecord } from '../../src/egress/egress-record';
import { readEgressSettings, type EgressSettings } from '../../src/egress/egress-settings';
import { makeTestCertificate, startHelloServer, startHttpsHelloServer, type SeenRequest } from '../../src/egress/egress-testing';
import type { AskAnswer } from '../../src/egress/proxy/ask-gate';
import { createEngine, readSandboxSettings, resolveEngineAddress } from '../../src/sandbox';
import { ensureImage } from '../../src/sandbox/image';
import { requireEngine } from '../helpers/engine-gate';

const CLIENT = readFileSync(join(__dirname, 'inside-client.py'), 'utf8');

function settings(ask = false): EgressSettings {
  return readEgressSettings({
    user: configFromObject({
      'sandbox.allowedDomains': ['allowed.test', '*.wild.test', 'private.test', 'loop.test', 'hostaddr.test'],
      'sandbox.deniedDomains': ['denied.wild.test'],
      'sandbox.egressAsk': ask,
    }),
    workspaceTrusted: true,
  });
}

/** A bare repository served over git's dumb HTTP protocol (plain files), so `git clone` needs nothing but the proxy. */
async function startGitServer(host: string): Promise<{ server: Server; port: number; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'clawdock-egress-git-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q', 'src');
  writeFileSync(join(dir, 'src', 'README'), 'cloned through the egress proxy\n');
  git('-C', 'src', 'add', 'README');
  git('-C', 'src', 'commit', '-q', '-m', 'first');
  git('clone', '-q', '--bare', 'src', 'repo.git');
  git('-C', 'repo.git', 'update-server-info');
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!));
    try {
      res.end(readFileSync(join(dir, path.startsWith('/repo.git/') ? path : '/nothing')));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, port: (server.address() as AddressInfo).port, dir };
}

describe('egress proxy with the real engine', requireEngine(), () => {
  const target = resolveEngineAddress('');
  const docker = dockerFor(target);
  const workspace = mkdtempSync(join(tmpdir(), 'clawdock-egress-ws-'));
  const names = egressNames(workspace);
  const records: EgressRecord[] = [];
  let answer: (domain: string) => Promise<AskAnswer> = async () => 'deny';
  let egress: Egress;
  let sandbox: Docker.Container;
  let gateway: string;
  let http: { server: Server; port: number; seen: SeenRequest[] };
  let https: { server: HttpsServer; port: number };
  let gitServer: { server: Server; port: number; dir: string };
  let udp: UdpSocket;
  const udpSeen: string[] = [];
  let udpPort: number;

  /** Runs argv in the sandbox as its user with the given environment; resolves with stdout and stderr. */
  async function sandboxExec(argv: string[], env: Record<string, string>): Promise<{ out: string; err: string }> {
    const exec = await sandbox.exec({ Cmd: argv, Env: Object.entries(env).map(([k, v]) => `${k}=${v}`), AttachStdout: true, AttachStderr: true, User: '1000:1000' });
    const stream = await exec.start({ hijack: true, stdin: false });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    docker.modem.demuxStream(stream, stdout, stderr);
    let out = '';
    let err = '';
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    stderr.on('data', (c: Buffer) => (err += c.toString()));
    await new Promise<void>((resolve) => stream.on('end', () => resolve()));
    return { out, err };
  }

  /** Runs the inside client with a command's proxy environment (or none); returns its JSON answer. */
  async function inside(commandId: string | null, ...args: string[]): Promise<Record<string, unknown>> {
    return insideWith(commandId ? egress.proxyEnv(commandId) : {}, ...args);
  }

  async function insideWith(env: Record<string, string>, ...args: string[]): Promise<Record<string, unknown>> {
    const { out, err } = await sandboxExec(['python3', '-c', CLIENT, ...args], env);
    const line = out.trim().split('\n').pop() ?? '';
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`the inside client printed ${JSON.stringify(out)} (stderr ${JSON.stringify(err)})`);
    }
  }

  const recordsOf = (commandId: string) => records.filter((r) => r.commandId === commandId);
  async function settle(commandId: string, n = 1): Promise<EgressRecord[]> {
    for (let i = 0; i < 200 && recordsOf(commandId).length < n; i++) await new Promise((r) => setTimeout(r, 20));
    return recordsOf(commandId);
  }

  before(async () => {
    const engine = createEngine(readSandboxSettings(configFromObject({})));
    const image = await ensureImage(engine, '', () => {});
    gateway = (await ensureNetwork(docker, names.outside, 'outside', {})).gateway;
    const hostNetworkGateway = (await docker.getNetwork('bridge').inspect()).IPAM!.Config![0]!.Gateway as string;
    http = await startHelloServer(gateway, 'origin');
    https = await startHttpsHelloServer(gateway, makeTestCertificate(['allowed.test', 'other.test']));
    gitServer = await startGitServer(gateway);
    udp = createSocket('udp4');
    udp.on('message', (m) => udpSeen.push(m.toString('hex')));
    await new Promise<void>((resolve) => udp.bind(0, gateway, resolve));
    udpPort = udp.address().port;

    egress = await startEgress({
      engine: target,
      workspace,
      settings: settings(),
      image: image.id,
      audit: (r) => void records.push(r),
      askOwner: (domain) => answer(domain),
      askTimeoutMs: 2000,
      resolver: {
        kind: 'static',
        hosts: {
          'allowed.test': [gateway],
          'x.wild.test': [gateway],
          'denied.wild.test': [gateway],
          'unlisted.test': [gateway],
          'asked.test': [gateway],
          'private.test': ['10.0.0.1'],
          'loop.test': ['127.0.0.1'],
          'hostaddr.test': [hostNetworkGateway],
        },
      },
      // Exactly the host address the test's servers listen on; every other private or host address stays refused.
      exemptAddresses: [gateway],
    });

    sandbox = await docker.createContainer({
      Image: image.id,
      Cmd: ['sleep', 'infinity'],
      User: '1000:1000',
      Labels: { 'dev.clawdock.managed': 'true', 'dev.clawdock.test': 'egress' },
      HostConfig: { ReadonlyRootfs: true, CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges:true'], Init: true, Memory: 256 * 1024 * 1024, PidsLimit: 128, Tmpfs: { '/tmp': 'rw,size=16m' }, ...egress.sandboxNetwork.hostConfig },
      NetworkingConfig: egress.sandboxNetwork.networkingConfig,
    });
    await sandbox.start();
  });

  after(async () => {
    await sandbox?.remove({ force: true }).catch(() => undefined);
    await egress?.stop().catch(() => undefined);
    await removeEgressNetwork(target, workspace).catch(() => undefined);
    await docker.getNetwork(names.outside).remove().catch(() => undefined);
    http?.server.close();
    https?.server.close();
    gitServer?.server.close();
    if (gitServer) rmSync(gitServer.dir, { recursive: true, force: true });
    udp?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('puts the sandbox on the internal network only, and the proxy\'s default route on the outside one', async () => {
    const info = await sandbox.inspect();
    assert.deepEqual(Object.keys(info.NetworkSettings.Networks), [names.internal]);
    assert.doesNotThrow(() => assertOnlyOnEgressNetwork(info, egress.networkName));
    assert.throws(() => assertOnlyOnEgressNetwork({ HostConfig: { NetworkMode: egress.networkName }, NetworkSettings: { Networks: { [egress.networkName]: {}, bridge: {} } } }, egress.networkName), /not only on/);
    const proxy = docker.getContainer(names.proxy);
    const exec = await proxy.exec({ Cmd: ['cat', '/proc/net/route'], AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({ hijack: true, stdin: false });
    const stdout = new PassThrough();
    docker.modem.demuxStream(stream, stdout, new PassThrough());
    let routes = '';
    stdout.on('data', (c: Buffer) => (routes += c.toString()));
    await new Promise<void>((resolve) => stream.on('end', () => resolve()));
    const proxyInfo = await proxy.inspect();
    const outsideIp = proxyInfo.NetworkSettings.Networks[names.outside]!.IPAddress;
    const defaultIface = routes.split('\n').find((l) => l.split(/\s+/)[1] === '00000000')?.split(/\s+/)[0];
    assert.ok(defaultIface, routes);
    // The interface of the default route carries the outside address: check by the gateway it names.
    const hexGateway = routes.split('\n').find((l) => l.startsWith(`${defaultIface}\t`) && l.split(/\s+/)[1] === '00000000')!.split(/\s+/)[2]!;
    const viaGateway = Buffer.from(hexGateway, 'hex').reverse().join('.');
    assert.equal(viaGateway, gateway, `default route via ${viaGateway}; outside address ${outsideIp}`);
  });

  it('reaches an allowed test domain through the proxy, and the audit names the command', async () => {
    const r = await inside('cmd-allowed', 'get', `http://allowed.test:${http.port}/hello`);
    assert.deepEqual(r, { status: 200, body: 'hello from origin' });
    const [record] = await settle('cmd-allowed');
    assert.equal(record?.decision, 'allowed');
    assert.equal(record?.domain, 'allowed.test');
    assert.equal(record?.port, http.port);
    assert.equal(record?.address, gateway);
    assert.ok(record!.bytesUp > 0 && record!.bytesDown > 0 && record!.durationMs >= 0);
  });

  it('tunnels HTTPS to an allowed subdomain through CONNECT, TLS untouched end to end', async () => {
    const r = await inside('cmd-https', 'get', `https://x.wild.test:${https.port}/`);
    assert.deepEqual(r, { status: 200, body: 'hello over tls to x.wild.test' });
    assert.equal((await settle('cmd-https'))[0]?.via, 'connect');
  });

  it('tunnels through SOCKS5 with the command\'s credential (git and ssh use this)', async () => {
    const r = await inside('cmd-socks', 'socks', 'allowed.test', String(http.port));
    assert.deepEqual(r, { reply: 0, body: 'hello from origin' });
    assert.equal((await settle('cmd-socks'))[0]?.via, 'socks5');
  });

  it('lets git clone over HTTP through the proxy with nothing but the environment', async () => {
    const { out, err } = await sandboxExec(['sh', '-c', `git clone -q http://allowed.test:${gitServer.port}/repo.git /tmp/clone && cat /tmp/clone/README`], { ...egress.proxyEnv('cmd-git'), HOME: '/tmp' });
    assert.equal(out.trim(), 'cloned through the egress proxy', err);
    assert.ok((await settle('cmd-git')).every((r) => r.decision === 'allowed' && r.domain === 'allowed.test'));
  });

  it('refuses a denied domain with a 403 that names the setting', async () => {
    const seen = http.seen.length;
    const r = await inside('cmd-denied', 'get', `http://denied.wild.test:${http.port}/`);
    assert.equal(r.status, 403);
    assert.match(String(r.body), /clawdock\.sandbox\.deniedDomains/);
    assert.equal(http.seen.length, seen);
    assert.equal((await settle('cmd-denied'))[0]?.decision, 'refused');
    // What the tool result says once the command ends: the refusal, and the setting.
    const refusals = egress.releaseCommand('cmd-denied');
    assert.equal(refusals.length, 1);
    assert.match(describeRefusal(refusals[0]!), /refused denied\.wild\.test:\d+: .*deniedDomains/);
  });

  it('refuses an unlisted domain, naming clawdock.sandbox.allowedDomains', async () => {
    const r = await inside('cmd-unlisted', 'get', `http://unlisted.test:${http.port}/`);
    assert.equal(r.status, 403);
    assert.match(String(r.body), /add "unlisted\.test" to `clawdock\.sandbox\.allowedDomains`/);
    const https403 = await inside('cmd-unlisted', 'get', `https://unlisted.test:${https.port}/`);
    assert.match(String(https403.error), /403/);
  });

  it('refuses IP literals, the test server\'s own address included', async () => {
    for (const host of [gateway, '127.1', '2130706433', '[::ffff:127.0.0.1]']) {
      const r = await inside('cmd-ip', 'get', `http://${host}:${http.port}/`);
      assert.equal(r.status, 403, `${host}: ${JSON.stringify(r)}`);
    }
    assert.ok((await settle('cmd-ip', 4)).every((rec) => rec.decision === 'refused'));
  });

  it('refuses an allowed name behind a private, loopback or host address', async () => {
    for (const [name, why] of [['private.test', /private/], ['loop.test', /loopback/], ['hostaddr.test', /host's own address|private/]] as const) {
      const r = await inside('cmd-private', 'get', `http://${name}:${http.port}/`);
      assert.equal(r.status, 403, name);
      assert.match(String(r.body), why);
    }
  });

  it('refuses a Host header that does not match the request, and a TLS SNI that does not match the CONNECT target', async () => {
    const seen = http.seen.length;
    const host = await inside('cmd-mismatch', 'host-header', `http://allowed.test:${http.port}/`, 'evil.test');
    assert.match(String(host.head), /403/);
    assert.equal(http.seen.length, seen);
    const sni = await inside('cmd-mismatch', 'connect-sni', `allowed.test:${https.port}`, 'other.test');
    assert.equal(sni.connect, '200');
    assert.ok(sni.error, JSON.stringify(sni));
    const refused = (await settle('cmd-mismatch', 2)).find((r) => /server name/.test(r.reason ?? ''));
    assert.ok(refused, 'the SNI mismatch is audited');
  });

  it('refuses a connection without a credential, or with one from a finished command', async () => {
    const none = await inside(null, 'host-header', `http://allowed.test:${http.port}/`, `allowed.test:${http.port}`).catch((e: Error) => ({ error: e.message }));
    assert.ok('error' in none || /407/.test(String(none.head)), JSON.stringify(none));
    const env = egress.proxyEnv('cmd-finished');
    egress.releaseCommand('cmd-finished');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await insideWith(env, 'get', `http://allowed.test:${http.port}/`)).status, 407);
  });

  it('fails a direct connection around the proxy', async () => {
    const proxyIp = egress.proxyAddress.split(':')[0]!;
    const internalGateway = egress.sandboxNetwork.hostConfig.Dns[0]!;
    const hostBridge = (await docker.getNetwork('bridge').inspect()).IPAM!.Config![0]!.Gateway as string;
    for (const [address, port] of [[gateway, http.port], [gateway, https.port], [internalGateway, http.port], [hostBridge, http.port]] as const) {
      const r = await inside(null, 'tcp', address, String(port), '2');
      assert.equal(r.connected, false, `${address}:${port} ${JSON.stringify(r)}`);
    }
    // The proxy's own port answers; nothing else on its address does.
    assert.equal((await inside(null, 'tcp', proxyIp, '3128')).connected, true);
    assert.equal((await inside(null, 'tcp', proxyIp, String(http.port), '2')).connected, false);
  });

  it('has no DNS and no UDP: names do not resolve, and no datagram reaches the test\'s listener', async () => {
    assert.equal((await inside(null, 'resolve', 'allowed.test')).resolved, null);
    const query = await inside(null, 'dns-query', 'allowed.test');
    assert.notEqual(query.answers, 1, JSON.stringify(query));
    await inside(null, 'udp', gateway, String(udpPort), 'leak-1');
    await inside(null, 'udp', egress.proxyAddress.split(':')[0]!, '53', 'leak-2');
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(udpSeen, []);
  });

  it('asks the owner about an unknown domain, waits, and fails closed when the question expires', async () => {
    egress.updateSettings(settings(true));
    const asked: string[] = [];
    answer = async (domain) => {
      asked.push(domain);
      await new Promise((r) => setTimeout(r, 300));
      return 'once';
    };
    const allowed = await inside('cmd-ask', 'get', `http://asked.test:${http.port}/`);
    assert.equal(allowed.status, 200);
    assert.deepEqual(asked, ['asked.test']);
    answer = () => new Promise(() => {});
    const started = Date.now();
    const expired = await inside('cmd-ask-expired', 'get', `http://asked.test:${http.port}/`);
    assert.equal(expired.status, 403);
    assert.match(String(expired.body), /expired/);
    assert.ok(Date.now() - started >= 1900, 'it waited for the owner');
    assert.match((await settle('cmd-ask-expired'))[0]?.reason ?? '', /expired/);
    egress.updateSettings(settings(false));
  });

  it('reports health, and leaves the container with no network at all once the proxy is killed', async () => {
    assert.equal((await egress.health()).ok, true);
    const stopped = new Promise<string>((resolve) => egress.onDidStop(resolve));
    await docker.getContainer(names.proxy).kill();
    assert.ok(await stopped);
    assert.equal((await egress.health()).ok, false);
    const r = await inside('cmd-after-kill', 'get', `http://allowed.test:${http.port}/`);
    assert.ok(r.error, JSON.stringify(r));
    assert.equal((await inside(null, 'tcp', gateway, String(http.port), '2')).connected, false);
    assert.equal((await inside(null, 'tcp', egress.proxyAddress.split(':')[0]!, '3128', '2')).connected, false);
  });
});
