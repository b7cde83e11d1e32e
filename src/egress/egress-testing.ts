// Helpers for the egress tests (unit and real-engine): servers the test itself
// starts, a throwaway certificate, and clients that speak to the proxy the way
// curl, pip and git do. Nothing here contacts an outside address.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, createServer as createTlsServer, type Server as TlsServer } from 'node:tls';

/** A self-signed certificate for the given names (made with openssl, kept in memory). */
export function makeTestCertificate(names: readonly string[]): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'clawdock-egress-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`, '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a test server saw of one request. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/** A plain HTTP server that answers `hello from <name>` and remembers what it was asked. */
export async function startHelloServer(host: string, name = 'test'): Promise<{ server: Server; port: number; seen: SeenRequest[] }> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => res.end(`hello from ${name}`));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

/** An HTTPS server that answers `hello over tls to <servername>`. */
export async function startHttpsHelloServer(host: string, credentials: { key: string; cert: string }): Promise<{ server: HttpsServer; port: number }> {
  const server = createHttpsServer(credentials, (req, res) => {
    req.resume();
    res.end(`hello over tls to ${(req.socket as unknown as { servername?: string }).servername ?? 'no-sni'}`);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** A TLS server that answers one line, `tls hello from <servername>`, to anything. */
export async function startTlsHelloServer(host: string, credentials: { key: string; cert: string }): Promise<{ server: TlsServer; port: number }> {
  const server = createTlsServer(credentials, (socket) => {
    socket.on('error', () => socket.destroy());
    socket.once('data', () => socket.end(`tls hello from ${(socket as unknown as { servername?: string }).servername ?? 'no-sni'}`));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** `Proxy-Authorization` for a token. */
export function proxyAuthorization(token: string): string {
  return `Basic ${Buffer.from(`clawdock:${token}`).toString('base64')}`;
}

/** A plain HTTP request sent to the proxy in absolute form; resolves with status, headers and body. */
export function proxiedGet(proxy: { host: string; port: number }, url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    // Like curl: the Host header names the URL's host, not the proxy.
    const req = request({ host: proxy.host, port: proxy.port, method: 'GET', path: url, headers: { ...(URL.canParse(url) ? { Host: new URL(url).host } : {}), ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends CONNECT; resolves with the status and, on 200, the open socket. */
export function proxyConnect(proxy: { host: string; port: number }, target: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: proxy.host, port: proxy.port, method: 'CONNECT', path: target, headers: { Host: target, ...headers }, agent: false });
    req.on('connect', (res, socket, head) => {
      if (head.length > 0) socket.unshift(head);
      if (res.statusCode === 200) return resolve({ status: 200, body: '', socket });
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('close', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), socket }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Speaks TLS over an open tunnel with the given SNI (or none), sends a line, and resolves with the answer or the error. */
export function tlsExchange(socket: Socket, servername: string | undefined): Promise<string> {
  return new Promise((resolve) => {
    const tls = tlsConnect({ socket, rejectUnauthorized: false, ...(servername === undefined ? {} : { servername }) });
    let answer = '';
    tls.on('secureConnect', () => tls.write('hi\n'));
    tls.on('data', (c: Buffer) => (answer += c.toString('utf8')));
    tls.on('error', (err: NodeJS.ErrnoException) => resolve(`error: ${err.code ?? err.message}`));
    tls.on('close', () => resolve(answer));
  });
}

/** A SOCKS5 CONNECT with username/password; resolves with the reply code and the socket. */
export function socksConnect(proxy: { host: string; port: number }, target: { host: string; port: number; type?: 'domain' | 'ipv4' }, auth: { user: string; pass: string } | null, command = 1): Promise<{ reply: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(proxy.port, proxy.host);
    let stage = 0;
    let buf = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('connect', () => socket.write(Buffer.from(auth ? [5, 1, 2] : [5, 1, 0])));
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (stage === 0 && buf.length >= 2) {
        const method = buf[1];
        buf = buf.subarray(2);
        if (method !== 2 || !auth) return done(method === 0xff ? 0xff : -1);
        const u = Buffer.from(auth.user);
        const p = Buffer.from(auth.pass);
        socket.write(Buffer.concat([Buffer.from([1, u.length]), u, Buffer.from([p.length]), p]));
        stage = 1;
      }
      if (stage === 1 && buf.length >= 2) {
        const status = buf[1];
        buf = buf.subarray(2);
        if (status !== 0) return done(0x100 + status!);
        const port = Buffer.alloc(2);
        port.writeUInt16BE(target.port);
        const address = target.type === 'ipv4' ? Buffer.from([1, ...target.host.split('.').map(Number)]) : Buffer.concat([Buffer.from([3, Buffer.byteLength(target.host, 'latin1')]), Buffer.from(target.host, 'latin1')]);
        socket.write(Buffer.concat([Buffer.from([5, command, 0]), address, port]));
        stage = 2;
      }
      if (stage === 2 && buf.length >= 10) {
        socket.off('data', onData);
        const rest = buf.subarray(10);
        if (rest.length > 0) socket.unshift(rest);
        done(buf[1]!);
      }
    };
    const done = (reply: number) => {
      socket.off('data', onData);
      socket.off('error', reject);
      resolve({ reply, socket });
    };
    socket.on('data', onData);
    socket.on('close', () => done(-2));
  });
}
