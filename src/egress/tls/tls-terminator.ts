import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { connect as tlsConnect, createSecureContext, DEFAULT_CIPHERS, rootCertificates, TLSSocket, type SecureContext } from 'node:tls';
import type { RewriteRefusal, TunnelHandover } from '../proxy/host-rewriters';
import { hostHeaderMatches } from '../proxy/tunnel-start';
import type { CertificateAuthority } from './certificate-authority';
import { ValueMask } from './value-mask';

/** What one request inside a terminated connection becomes: the head to send and the secrets in it, or a refusal. */
export type TerminatedRewrite =
  | { readonly ok: true; readonly path: string; readonly headers: [string, string][]; readonly injected: readonly string[] }
  | { readonly ok: false; readonly reason: string; readonly fix: string; readonly secret: string; readonly leak: boolean };

/** What the terminator needs. */
export interface TlsTerminatorOptions {
  readonly ca: CertificateAuthority;
  /** Rewrites one request head for the host (the secrets' swap). */
  readonly rewrite: (head: { method: string; path: string; headers: [string, string][] }, host: string) => TerminatedRewrite;
  /** The values that must not come back in a response (masked with `*`, same length). */
  readonly values: () => readonly string[];
  /** Extra roots trusted for the real hosts besides the usual ones (the tests' own servers). */
  readonly upstreamCa?: readonly string[];
}

/** One terminated tunnel. */
interface Session {
  readonly tunnel: TunnelHandover;
  readonly agent: HttpsAgent;
  readonly upstreams: Socket[];
  readonly secrets: Set<string>;
  note?: string;
}

/**
 * TLS 1.3 suites, AES-128-GCM first: the proxy encrypts and decrypts every
 * byte twice for a secret's host, and AES-128 costs about a third less than
 * AES-256 on hardware with AES instructions. Peers still pick from all three.
 */
const CIPHERS = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', ...DEFAULT_CIPHERS.split(':').filter((c) => !c.startsWith('TLS_'))].join(':');

const HOP_BY_HOP = new Set(['connection', 'proxy-connection', 'keep-alive', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Headers without hop-by-hop ones (and those `Connection` names), as pairs. */
function endToEnd(raw: readonly string[]): [string, string][] {
  const named = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === 'connection') for (const n of raw[i + 1]!.split(',')) named.add(n.trim().toLowerCase());
  const out: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!.toLowerCase();
    if (!HOP_BY_HOP.has(key) && !named.has(key)) out.push([raw[i]!, raw[i + 1]!]);
  }
  return out;
}

/**
 * Terminates TLS for a secret's host (issue 16): the sandbox's client gets a
 * certificate for the host from the sandbox's own CA, each request inside is
 * read with Node's HTTP parser, checked (its `Host` must name the tunnel's
 * target), has the secret swapped in, and goes on over a TLS connection to
 * the real host — verified against the usual roots — at the address the proxy
 * vetted. Responses come back with any secret value masked out. HTTP/1.1
 * only (ALPN offers nothing else); upgrades are refused.
 */
export class TlsTerminator {
  private readonly http = createHttpServer({ requestTimeout: 0, keepAliveTimeout: 30_000 });
  private readonly contexts = new Map<string, { cert: string; context: SecureContext }>();
  private readonly sessions = new WeakMap<object, Session>();
  /** How the proxy speaks TLS to the real hosts: made once (a context per connection would parse every root again). */
  private readonly upstream: SecureContext;

  constructor(private readonly options: TlsTerminatorOptions) {
    const extra = options.upstreamCa && options.upstreamCa.length > 0 ? { ca: [...rootCertificates, ...options.upstreamCa] } : {};
    this.upstream = createSecureContext({ ...extra, ciphers: CIPHERS, minVersion: 'TLSv1.2' });
    this.http.on('request', (req, res) => this.onRequest(req, res));
    const refuseUpgrade = (_req: IncomingMessage, socket: NodeJS.ReadWriteStream & { end(text: string): void }) =>
      socket.end('HTTP/1.1 501 Not Implemented\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    this.http.on('upgrade', refuseUpgrade);
    this.http.on('connect', refuseUpgrade);
    this.http.on('clientError', (_err, socket) => socket.destroy());
  }

  /** Takes a tunnel whose first bytes are a TLS ClientHello for `tunnel.name`. */
  take(tunnel: TunnelHandover): void {
    const { client, upstream, name } = tunnel;
    // The proxy piped the server's bytes to the client at once; from here the terminator speaks for both.
    upstream.unpipe(client);
    client.unshift(tunnel.head);
    const secureClient = new TLSSocket(client, { isServer: true, secureContext: this.contextFor(name), ALPNProtocols: ['http/1.1'] });
    const upstreamTls = () => ({ servername: name, ALPNProtocols: ['http/1.1'], secureContext: this.upstream });
    const session: Session = { tunnel, upstreams: [upstream], secrets: new Set(), agent: new HttpsAgent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1 }) };
    let first: Socket | undefined = upstream;
    // The first request uses the connection the proxy opened; later ones (after the host closed it) dial the same vetted address.
    session.agent.createConnection = ((_opts: unknown, done: (err: Error | null, socket?: Socket) => void) => {
      const raw = first;
      first = undefined;
      if (raw) return tlsConnect({ socket: raw, ...upstreamTls() });
      tunnel.redial().then((again) => {
        session.upstreams.push(again);
        done(null, tlsConnect({ socket: again, ...upstreamTls() }));
      }, (err: Error) => done(err));
      return undefined;
    }) as unknown as HttpsAgent['createConnection'];
    this.sessions.set(secureClient, session);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      session.agent.destroy();
      secureClient.destroy();
      for (const s of session.upstreams) s.destroy();
      const bytesUp = session.upstreams.reduce((n, s) => n + s.bytesWritten, 0);
      const bytesDown = session.upstreams.reduce((n, s) => n + s.bytesRead, 0);
      tunnel.end({ secrets: [...session.secrets], bytesUp, bytesDown, ...(session.note ? { note: session.note } : {}) });
    };
    let secured = false;
    secureClient.once('secure', () => (secured = true));
    secureClient.on('error', (err: NodeJS.ErrnoException) => {
      if (secured) return end();
      // Most often the client does not trust the sandbox's CA (a tool that reads none of the variables Clawdock sets).
      session.note = `the client refused the sandbox CA's certificate for ${name} (${err.code ?? err.message})`;
      end();
    });
    secureClient.once('close', end);
    upstream.once('error', () => undefined);
    this.http.emit('connection', secureClient);
  }

  private contextFor(name: string): SecureContext {
    const leaf = this.options.ca.issue(name);
    const cached = this.contexts.get(name);
    if (cached && cached.cert === leaf.cert) return cached.context;
    const context = createSecureContext({ cert: leaf.cert + this.options.ca.certificate, key: leaf.key, minVersion: 'TLSv1.2', ciphers: CIPHERS, honorCipherOrder: true });
    this.contexts.set(name, { cert: leaf.cert, context });
    return context;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const session = this.sessions.get(req.socket);
    if (!session) return void res.destroy();
    const { tunnel } = session;
    const refuse = (status: number, refusal: RewriteRefusal) => {
      tunnel.auditRefusal(refusal);
      const body = `Clawdock's egress proxy refused this request to ${tunnel.name}: ${refusal.refuse}.\n${refusal.fix ? `${refusal.fix}.\n` : ''}`;
      req.resume();
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'X-Clawdock-Egress': 'refused' });
      res.end(body);
    };
    const path = req.url ?? '';
    if (!path.startsWith('/')) return refuse(400, { refuse: `the request target ${JSON.stringify(path.slice(0, 200))} is not a path` });
    const host = req.headers.host;
    const hostOk = host === undefined ? true : hostHeaderMatches(host, tunnel.name, tunnel.port, tunnel.port);
    if (hostOk !== true) return refuse(421, { refuse: hostOk, fix: `send requests for ${tunnel.name} only over a connection to ${tunnel.name}` });
    const rewritten = this.options.rewrite({ method: req.method ?? 'GET', path, headers: endToEnd(req.rawHeaders) }, tunnel.name);
    if (!rewritten.ok) return refuse(403, { refuse: rewritten.reason, fix: rewritten.fix, ...(rewritten.leak ? { leak: rewritten.secret } : {}) });
    for (const name of rewritten.injected) session.secrets.add(name);
    const headers = rewritten.headers;
    if (host === undefined) headers.push(['Host', tunnel.port === 443 ? tunnel.name : `${tunnel.name}:${tunnel.port}`]);
    const out = httpsRequest({ agent: session.agent, host: tunnel.name, port: tunnel.port, method: req.method, path: rewritten.path, headers: headers.flat(), setHost: false });
    const values = this.options.values();
    out.on('response', (up) => {
      const mask = new ValueMask(values);
      const headersBack = endToEnd(up.rawHeaders).map(([k, v]) => [k, ValueMask.text(v, values)] as [string, string]);
      res.writeHead(up.statusCode ?? 502, up.statusMessage, headersBack.flat());
      up.on('data', (chunk: Buffer) => {
        let flowing = true;
        for (const piece of mask.push(chunk)) flowing = res.write(piece) && flowing;
        if (!flowing) {
          up.pause();
          res.once('drain', () => up.resume());
        }
      });
      up.on('end', () => res.end(mask.flush()));
      up.on('error', () => res.destroy());
    });
    out.on('error', (err: NodeJS.ErrnoException) => {
      session.note = `the request to ${tunnel.name} failed: ${err.code ?? err.message}`;
      if (res.headersSent) return void res.destroy();
      const body = `Clawdock's egress proxy could not reach ${tunnel.name}: ${err.code ?? err.message}.\n`;
      res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'X-Clawdock-Egress': 'failed' });
      res.end(body);
    });
    res.once('close', () => {
      if (!res.writableFinished) out.destroy();
    });
    req.pipe(out);
  }
}
