import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { Server as TlsServer } from 'node:tls';
import { auditEventSchema } from '../../audit/events';
import { egressAuditEvent, type EgressRecord } from '../egress-record';
import { makeTestCertificate, proxiedGet, proxyAuthorization, proxyConnect, socksConnect, startHelloServer, startTlsHelloServer, tlsExchange, type SeenRequest } from '../egress-testing';
import { parseDomainPattern, type DomainPattern } from '../host/domain-pattern';
import type { AskAnswer } from './ask-gate';
import { CommandCredentials } from './command-credentials';
import { EgressProxy } from './egress-proxy';
import { createResolver } from './resolver';

const LOOPBACK = '127.0.0.1';
const p = (e: string) => parseDomainPattern(e) as DomainPattern;

describe('EgressProxy (in process, against loopback servers this test starts)', () => {
  const credentials = new CommandCredentials(CommandCredentials.newKey());
  const records: EgressRecord[] = [];
  let answer: () => Promise<AskAnswer> = async () => 'deny';
  let proxy: EgressProxy;
  let proxyAt: { host: string; port: number };
  let http: { server: Server; port: number; seen: SeenRequest[] };
  let tls: { server: TlsServer; port: number };
  const token = credentials.issue('cmd-1');
  const auth = { 'Proxy-Authorization': proxyAuthorization(token) };

  before(async () => {
    http = await startHelloServer(LOOPBACK, 'origin');
    tls = await startTlsHelloServer(LOOPBACK, makeTestCertificate(['allowed.test', 'other.test']));
    proxy = new EgressProxy({
      rules: { allowed: [p('allowed.test'), p('*.wild.test'), p('other.test'), p('private.test')], denied: [p('denied.wild.test')], ask: true },
      // The test servers listen on loopback: exempt exactly that address, as the real-engine suite exempts its containers'.
      vetting: { exemptAddresses: [LOOPBACK] },
      resolve: createResolver({ kind: 'static', hosts: { 'allowed.test': [LOOPBACK], 'a.wild.test': [LOOPBACK], 'other.test': [LOOPBACK], 'private.test': ['10.0.0.7'], 'asked.test': [LOOPBACK] } }),
      verifyToken: (t) => credentials.verify(t),
      audit: (r) => records.push(r),
      askOwner: () => answer(),
      askTimeoutMs: 300,
      rewriters: { forHost: (name) => (name === 'a.wild.test' ? { rewriteRequest: (head) => ({ headers: [...head.headers, ['X-Injected', 'yes']] }) } : undefined) },
    });
    const address = await proxy.listen(0, LOOPBACK);
    proxyAt = { host: LOOPBACK, port: address.port };
  });
  after(async () => {
    await proxy.close();
    http.server.close();
    tls.server.close();
  });

  const last = () => records.at(-1)!;
  const waitForRecord = async (n: number) => {
    for (let i = 0; i < 100 && records.length < n; i++) await new Promise((r) => setTimeout(r, 10));
    return records.at(-1)!;
  };

  it('forwards a plain HTTP request to an allowed name and audits it with the command and bytes', async () => {
    const before = records.length;
    const res = await proxiedGet(proxyAt, `http://allowed.test:${http.port}/path?q=1`, { ...auth, Host: `allowed.test:${http.port}` });
    assert.equal(res.status, 200);
    assert.equal(res.body, 'hello from origin');
    assert.equal(http.seen.at(-1)?.url, '/path?q=1');
    assert.equal(http.seen.at(-1)?.headers['proxy-authorization'], undefined, 'the credential never reaches the server');
    const r = await waitForRecord(before + 1);
    assert.equal(r.decision, 'allowed');
    assert.equal(r.commandId, 'cmd-1');
    assert.equal(r.domain, 'allowed.test');
    assert.equal(r.address, LOOPBACK);
    assert.ok(r.bytesUp > 0 && r.bytesDown > 0);
  });

  it('refuses an unlisted name with a 403 that names clawdock.sandbox.allowedDomains', async () => {
    const res = await proxiedGet(proxyAt, `http://unlisted.test:${http.port}/`, auth);
    assert.equal(res.status, 403);
    assert.match(res.body, /clawdock\.sandbox\.allowedDomains/);
    assert.match(res.body, /unlisted\.test/);
    assert.equal(last().decision, 'refused');
    assert.equal(last().commandId, 'cmd-1');
  });

  it('decides each request of a kept-alive connection on its own', async () => {
    const socket = connect(proxyAt.port, proxyAt.host);
    const head = (host: string) => `GET http://${host}:${http.port}/ HTTP/1.1\r\nHost: ${host}:${http.port}\r\nProxy-Authorization: ${auth['Proxy-Authorization']}\r\n\r\n`;
    socket.write(head('allowed.test') + head('unlisted.test'));
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString()));
    for (let i = 0; i < 200 && (text.match(/HTTP\/1\.1 \d{3}/g) ?? []).length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    socket.destroy();
    assert.deepEqual(text.match(/HTTP\/1\.1 \d{3}/g), ['HTTP/1.1 200', 'HTTP/1.1 403']);
  });

  it('refuses an https:// URL sent as a plain request, and a request meant for the proxy itself', async () => {
    const https = await proxiedGet(proxyAt, `https://allowed.test:${tls.port}/`, auth);
    assert.equal(https.status, 403);
    assert.match(https.body, /CONNECT/);
    assert.equal((await proxiedGet(proxyAt, '/', auth)).status, 403);
  });

  it('refuses a denied subdomain although a wildcard allows its parent', async () => {
    const res = await proxiedGet(proxyAt, `http://denied.wild.test:${http.port}/`, auth);
    assert.equal(res.status, 403);
    assert.match(res.body, /deniedDomains/);
  });

  it('refuses a request without a credential, or with a forged or revoked one, as 407', async () => {
    assert.equal((await proxiedGet(proxyAt, `http://allowed.test:${http.port}/`)).status, 407);
    assert.equal(last().commandId, 'unknown');
    const forged = `${Buffer.from('cmd-1').toString('base64url')}.${Buffer.alloc(32).toString('base64url')}`;
    assert.equal((await proxiedGet(proxyAt, `http://allowed.test:${http.port}/`, { 'Proxy-Authorization': proxyAuthorization(forged) })).status, 407);
    const own = new CommandCredentials(CommandCredentials.newKey());
    own.revoke('x');
    const ended = credentials.issue('cmd-ended');
    credentials.revoke('cmd-ended');
    assert.equal((await proxiedGet(proxyAt, `http://allowed.test:${http.port}/`, { 'Proxy-Authorization': proxyAuthorization(ended) })).status, 407);
  });

  it('refuses a Host header that names another host than the URL', async () => {
    const seen = http.seen.length;
    const res = await proxiedGet(proxyAt, `http://allowed.test:${http.port}/`, { ...auth, Host: 'evil.test' });
    assert.equal(res.status, 403);
    assert.match(res.body, /Host header/);
    assert.equal(http.seen.length, seen, 'nothing reached the server');
  });

  for (const host of ['127.1', '2130706433', '0x7f.1', '[::ffff:127.0.0.1]', 'localhost']) {
    it(`refuses the numeric or local host ${host}`, async () => {
      const res = await proxiedGet(proxyAt, `http://${host}:${http.port}/`, auth);
      assert.equal(res.status, 403);
    });
  }

  it('refuses an allowed name that resolves to a private address, without dialling it', async () => {
    const res = await proxiedGet(proxyAt, `http://private.test:${http.port}/`, auth);
    assert.equal(res.status, 403);
    assert.match(res.body, /10\.0\.0\.7.*private/);
    assert.equal(last().address, undefined);
  });

  it('tunnels TLS to an allowed name when the SNI matches', async () => {
    const { status, socket } = await proxyConnect(proxyAt, `allowed.test:${tls.port}`, auth);
    assert.equal(status, 200);
    assert.equal(await tlsExchange(socket, 'allowed.test'), 'tls hello from allowed.test');
    const r = await waitForRecord(records.length + 1);
    assert.equal(r.via, 'connect');
    assert.equal(r.decision, 'allowed');
  });

  it('cuts a tunnel whose TLS SNI names another host, and audits the mismatch', async () => {
    const { status, socket } = await proxyConnect(proxyAt, `allowed.test:${tls.port}`, auth);
    assert.equal(status, 200);
    assert.match(await tlsExchange(socket, 'other.test'), /^error|^$/);
    const r = await waitForRecord(records.length + 1);
    assert.equal(r.decision, 'refused');
    assert.match(r.reason ?? '', /server name "other\.test" does not match/);
  });

  it('cuts a TLS tunnel that sends no SNI', async () => {
    const { socket } = await proxyConnect(proxyAt, `allowed.test:${tls.port}`, auth);
    assert.match(await tlsExchange(socket, ''), /^error|^$/);
    assert.match((await waitForRecord(records.length + 1)).reason ?? '', /names no server/);
  });

  it('refuses a CONNECT whose Host header names another host', async () => {
    const res = await proxyConnect(proxyAt, `allowed.test:${tls.port}`, { ...auth, Host: 'evil.test:443' });
    assert.equal(res.status, 403);
  });

  it('answers a refused CONNECT with a 403 body naming the setting', async () => {
    const res = await proxyConnect(proxyAt, `unlisted.test:443`, auth);
    assert.equal(res.status, 403);
    assert.match(res.body, /clawdock\.sandbox\.allowedDomains/);
  });

  it('tunnels SOCKS5 to an allowed name with the token as password', async () => {
    const { reply, socket } = await socksConnect(proxyAt, { host: 'allowed.test', port: tls.port }, { user: 'clawdock', pass: token });
    assert.equal(reply, 0);
    assert.equal(await tlsExchange(socket, 'allowed.test'), 'tls hello from allowed.test');
    assert.equal((await waitForRecord(records.length + 1)).via, 'socks5');
  });

  it('refuses SOCKS5 without credentials, to an IP literal, and for UDP ASSOCIATE', async () => {
    assert.equal((await socksConnect(proxyAt, { host: 'allowed.test', port: tls.port }, null)).reply, 0xff);
    assert.equal((await socksConnect(proxyAt, { host: 'allowed.test', port: tls.port }, { user: 'clawdock', pass: 'x.y' })).reply, 0x101);
    assert.equal((await socksConnect(proxyAt, { host: LOOPBACK, port: tls.port, type: 'ipv4' }, { user: 'clawdock', pass: token })).reply, 2);
    assert.equal((await socksConnect(proxyAt, { host: 'allowed.test', port: tls.port }, { user: 'clawdock', pass: token }, 3)).reply, 7);
    assert.equal((await socksConnect(proxyAt, { host: 'аllowed.test', port: tls.port }, { user: 'clawdock', pass: token })).reply, 2);
  });

  it('asks the owner about an unknown name and lets it through once allowed', async () => {
    const asked: string[] = [];
    answer = async () => {
      asked.push('asked.test');
      return 'once';
    };
    const res = await proxiedGet(proxyAt, `http://asked.test:${http.port}/`, auth);
    assert.equal(res.status, 200);
    assert.deepEqual(asked, ['asked.test']);
    assert.equal((await waitForRecord(records.length + 1)).rule, 'allowed once by the owner');
  });

  it('refuses when the owner does not answer before the question expires', async () => {
    answer = () => new Promise(() => {});
    const res = await proxiedGet(proxyAt, `http://asked.test:${http.port}/`, auth);
    assert.equal(res.status, 403);
    assert.match(res.body, /expired/);
  });

  it('hands requests for a host with a rewriter to it (the seam secrets will use)', async () => {
    const res = await proxiedGet(proxyAt, `http://a.wild.test:${http.port}/`, auth);
    assert.equal(res.status, 200);
    assert.equal(http.seen.at(-1)?.headers['x-injected'], 'yes');
  });

  it('writes every record as an audit event the log accepts', () => {
    assert.ok(records.length > 20);
    for (const r of records) assert.equal(auditEventSchema.safeParse(egressAuditEvent(r)).success, true, JSON.stringify(r));
  });

  it('refuses everything once halted', async () => {
    proxy.halt('the audit log cannot be written');
    const res = await proxiedGet(proxyAt, `http://allowed.test:${http.port}/`, auth);
    assert.equal(res.status, 403);
    assert.match(res.body, /halted: the audit log cannot be written/);
  });
});
