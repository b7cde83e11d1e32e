import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent as HttpsAgent, createServer as createHttpsServer, request as httpsRequest, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { auditEventSchema } from '../../audit';
import { newPlaceholder } from '../../core/secret-placeholder';
import { describeRefusal, egressAuditEvent, type EgressRecord } from '../egress-record';
import { makeTestCertificate, proxiedGet, proxyAuthorization, proxyConnect, startHelloServer, tlsExchange, type SeenRequest } from '../egress-testing';
import { parseDomainPattern, type DomainPattern } from '../host/domain-pattern';
import { CommandCredentials } from '../proxy/command-credentials';
import { EgressProxy } from '../proxy/egress-proxy';
import { createResolver } from '../proxy/resolver';
import { CertificateAuthority } from '../tls/certificate-authority';
import type { SecretBindingWire } from './secret-binding';
import { SecretRewriters } from './secret-rewriters';

const LOOPBACK = '127.0.0.1';
const p = (e: string) => parseDomainPattern(e) as DomainPattern;
const REAL = 'npm_Real-Value-0123456789abcdefXYZ';

/** What the secret's host saw of one request. */
interface Seen {
  readonly url: string;
  readonly authorization: string | undefined;
  readonly host: string | undefined;
}

describe('secrets bound to hosts, through the proxy (in process, loopback servers this test starts)', () => {
  const credentials = new CommandCredentials(CommandCredentials.newKey());
  const records: EgressRecord[] = [];
  const ca = new CertificateAuthority('unit');
  const realCert = makeTestCertificate(['secret.test', 'other.test']);
  const npm: SecretBindingWire = { name: 'NPM_TOKEN', hosts: ['secret.test'], value: REAL, placeholder: newPlaceholder('NPM_TOKEN') };
  const seen: Seen[] = [];
  let secretHost: { server: HttpsServer; port: number };
  let plain: { port: number; seen: SeenRequest[]; server: { close(): void } };
  let proxy: EgressProxy;
  let proxyAt: { host: string; port: number };
  const auth = { 'Proxy-Authorization': proxyAuthorization(credentials.issue('cmd-s')) };

  before(async () => {
    const server = createHttpsServer(realCert, (req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization, host: req.headers.host });
      req.resume();
      // /echo reflects the credential it got, as a careless service might.
      const body = req.url === '/echo' ? `you sent ${req.headers.authorization}` : 'ok';
      res.writeHead(200, { 'Content-Length': Buffer.byteLength(body), ...(req.url === '/close' ? { Connection: 'close' } : {}), ...(req.url === '/echo' ? { 'X-Echo': String(req.headers.authorization) } : {}) });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
    secretHost = { server, port: (server.address() as AddressInfo).port };
    plain = await startHelloServer(LOOPBACK, 'other');
    const rewriters = new SecretRewriters({ ca, upstreamCa: [realCert.cert] });
    rewriters.setBindings([npm]);
    proxy = new EgressProxy({
      rules: { allowed: [p('secret.test'), p('other.test'), p('*.other.test')], denied: [], ask: false },
      vetting: { exemptAddresses: [LOOPBACK] },
      resolve: createResolver({ kind: 'static', hosts: { 'secret.test': [LOOPBACK], 'other.test': [LOOPBACK] } }),
      verifyToken: (t) => credentials.verify(t),
      audit: (r) => records.push(r),
      rewriters,
    });
    proxyAt = { host: LOOPBACK, port: (await proxy.listen(0, LOOPBACK)).port };
  });
  after(async () => {
    await proxy.close();
    secretHost.server.close();
    plain.server.close();
  });

  /** HTTPS requests over one CONNECT tunnel, trusting `trust`; resolves with each status, body and headers. */
  async function overTunnel(target: string, trust: string | undefined, requests: { path: string; headers?: Record<string, string> }[]): Promise<{ status: number; body: string; headers: Record<string, unknown> }[]> {
    const tunnel = await proxyConnect(proxyAt, target, auth);
    assert.equal(tunnel.status, 200, tunnel.body);
    const [name] = target.split(':');
    const secure = tlsConnect({ socket: tunnel.socket, servername: name, ...(trust ? { ca: trust } : {}), ALPNProtocols: ['http/1.1'] });
    const out: { status: number; body: string; headers: Record<string, unknown> }[] = [];
    // A kept-alive client, as npm's and pip's are: every request on this one connection.
    const agent = new HttpsAgent({ keepAlive: true, maxSockets: 1 });
    agent.createConnection = (() => secure as unknown as Socket) as unknown as HttpsAgent['createConnection'];
    try {
      for (const r of requests) {
        out.push(await new Promise((resolve, reject) => {
          const req = httpsRequest({ host: name, path: r.path, headers: { Host: target, ...(r.headers ?? {}) }, agent }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
          });
          req.on('error', reject);
          req.end();
        }));
      }
    } finally {
      agent.destroy();
      secure.destroy();
    }
    return out;
  }

  const settle = async (pred: (r: EgressRecord) => boolean) => {
    for (let i = 0; i < 200 && !records.some(pred); i++) await new Promise((r) => setTimeout(r, 10));
    return records.find(pred);
  };

  it('puts the real value into the configured header of a request to the secret\'s host, over TLS from the sandbox CA', async () => {
    const [r] = await overTunnel(`secret.test:${secretHost.port}`, ca.certificate, [{ path: '/pkg', headers: { Authorization: `Bearer ${npm.placeholder}` } }]);
    assert.equal(r!.status, 200);
    assert.equal(seen.at(-1)?.authorization, `Bearer ${REAL}`);
    const record = await settle((x) => x.via === 'connect' && x.domain === 'secret.test' && (x.secrets ?? []).includes('NPM_TOKEN'));
    assert.ok(record, JSON.stringify(records));
    assert.equal(record.decision, 'allowed');
    assert.ok(record.bytesUp > 0 && record.bytesDown > 0);
    assert.ok(auditEventSchema.safeParse(egressAuditEvent(record)).success);
  });

  it('keeps the real value out of what the host sends back, in headers and body', async () => {
    const [r] = await overTunnel(`secret.test:${secretHost.port}`, ca.certificate, [{ path: '/echo', headers: { Authorization: `Bearer ${npm.placeholder}` } }]);
    assert.equal(seen.at(-1)?.authorization, `Bearer ${REAL}`);
    assert.ok(!r!.body.includes(REAL) && !JSON.stringify(r!.headers).includes(REAL), r!.body);
    assert.equal(r!.body, `you sent Bearer ${'*'.repeat(REAL.length)}`);
  });

  it('serves every request of a kept-alive connection, dialling the vetted address again when the host closed', async () => {
    const rs = await overTunnel(`secret.test:${secretHost.port}`, ca.certificate, [
      { path: '/close', headers: { Authorization: `Bearer ${npm.placeholder}` } },
      { path: '/second', headers: { Authorization: `Bearer ${npm.placeholder}` } },
    ]);
    assert.deepEqual(rs.map((r) => r.status), [200, 200]);
    assert.deepEqual(seen.slice(-2).map((s) => [s.url, s.authorization]), [['/close', `Bearer ${REAL}`], ['/second', `Bearer ${REAL}`]]);
  });

  it('is not trusted by a client that does not trust the sandbox CA', async () => {
    const tunnel = await proxyConnect(proxyAt, `secret.test:${secretHost.port}`, auth);
    const answer = await tlsExchange(tunnel.socket, 'secret.test').catch((e: Error) => e.message);
    assert.equal(typeof answer, 'string');
    // tlsExchange accepts any certificate; a verifying client without the CA fails:
    const again = await proxyConnect(proxyAt, `secret.test:${secretHost.port}`, auth);
    const failed = await new Promise<string>((resolve) => {
      const s = tlsConnect({ socket: again.socket, servername: 'secret.test', ca: realCert.cert }, () => resolve('connected'));
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    assert.notEqual(failed, 'connected');
  });

  it('refuses a request inside the terminated connection whose Host names another host', async () => {
    const [r] = await overTunnel(`secret.test:${secretHost.port}`, ca.certificate, [{ path: '/', headers: { Host: `other.test:${secretHost.port}`, Authorization: `Bearer ${npm.placeholder}` } }]);
    assert.equal(r!.status, 421);
    assert.ok(!seen.some((s) => s.host?.startsWith('other.test')));
  });

  it('refuses the placeholder on its way to another allowed host and audits an attempted leak', async () => {
    const res = await proxiedGet(proxyAt, `http://other.test:${plain.port}/`, { ...auth, Authorization: `Bearer ${npm.placeholder}` });
    assert.equal(res.status, 403);
    assert.match(res.body, /NPM_TOKEN/);
    assert.match(res.body, /attempted leak/);
    assert.ok(!plain.seen.some((s) => JSON.stringify(s.headers).includes(npm.placeholder)));
    const record = await settle((x) => x.leak === 'NPM_TOKEN' && x.domain === 'other.test');
    assert.equal(record?.decision, 'refused');
    assert.ok(auditEventSchema.safeParse(egressAuditEvent(record!)).success);
    // What the command is told points at the secret's hosts, not at the domain list.
    assert.match(describeRefusal(record!), /"hosts" of NPM_TOKEN in `clawdock\.sandbox\.grantedSecrets`/);
    assert.doesNotMatch(describeRefusal(record!), /allowedDomains/);
  });

  it('refuses a placeholder in a host name, and in the first bytes of a plain tunnel to another host', async () => {
    const named = await proxyConnect(proxyAt, `${npm.placeholder.toLowerCase()}.other.test:443`, auth);
    assert.equal(named.status, 403);
    const tunnel = await proxyConnect(proxyAt, `other.test:${plain.port}`, auth);
    assert.equal(tunnel.status, 200);
    const closed = await new Promise<string>((resolve) => {
      let got = '';
      tunnel.socket.on('data', (c: Buffer) => (got += c.toString()));
      tunnel.socket.on('close', () => resolve(got));
      tunnel.socket.write(`GET /?t=${npm.placeholder} HTTP/1.1\r\nHost: other.test:${plain.port}\r\n\r\n`);
    });
    assert.equal(closed, '');
    assert.ok(await settle((x) => x.leak === 'NPM_TOKEN' && x.via === 'connect'));
  });

  it('never sends the secret over plain HTTP, even to its own host', async () => {
    const res = await proxiedGet(proxyAt, `http://secret.test:${plain.port}/`, { ...auth, Authorization: `Bearer ${npm.placeholder}` });
    assert.equal(res.status, 403);
    assert.match(res.body, /only sent over TLS/);
  });

  it('passes every other host\'s TLS through untouched (the host\'s own certificate, not the sandbox CA\'s)', async () => {
    const tunnel = await proxyConnect(proxyAt, `other.test:${secretHost.port}`, auth);
    const issuer = await new Promise<string>((resolve) => {
      const s = tlsConnect({ socket: tunnel.socket, servername: 'other.test', ca: realCert.cert }, () => {
        resolve(s.getPeerX509Certificate()?.issuer ?? '');
        s.destroy();
      });
      s.on('error', (e) => resolve(`error ${e.message}`));
    });
    assert.doesNotMatch(issuer, /Clawdock/);
    assert.match(issuer, /CN=secret\.test/);
  });
});
