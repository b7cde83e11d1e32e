import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect as netConnect, createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { EgressRecord, EgressVia } from '../egress-record';
import { vetAddress, type AddressVetting } from '../host/address-ranges';
import { canonicalHost, hostText } from '../host/canonical-host';
import { ALLOWED_DOMAINS_SETTING, decideHost, type HostRules } from '../host/decide-host';
import { ipFromString, type IpAddress } from '../host/ip-address';
import { AskGate, type AskOwner } from './ask-gate';
import { tokenFromProxyAuthorization } from './command-credentials';
import type { HostRewriters, RewriteRefusal, TunnelOutcome } from './host-rewriters';
import type { Resolver } from './resolver';
import { SocksHandshake } from './socks5';
import { checkTunnelStart, hostHeaderMatches } from './tunnel-start';

/** What the proxy needs; everything it decides with is passed in. */
export interface EgressProxyOptions {
  readonly rules: HostRules;
  readonly vetting: AddressVetting;
  readonly resolve: Resolver;
  /** Maps a per-command token to its command id (null: forged, malformed or revoked). */
  readonly verifyToken: (token: string) => string | null;
  /** Called once for every connection, allowed, refused or failed. */
  readonly audit: (record: EgressRecord) => void;
  readonly askOwner?: AskOwner;
  /** Longest wait for the owner's answer before refusing; default 15 minutes. */
  readonly askTimeoutMs?: number;
  /** Issue 16: secrets bound to hosts go into their requests here, and their placeholders nowhere else. */
  readonly rewriters?: HostRewriters;
  /** Per address tried; default 10 s. */
  readonly connectTimeoutMs?: number;
}

/** What `health()` reports. */
export interface EgressProxyStats {
  readonly listening: boolean;
  readonly open: number;
  readonly total: number;
  readonly halted: string | null;
}

/** A refused or failed attempt: what the client is told and the audit records. */
interface Refusal {
  readonly decision: 'refused' | 'failed';
  readonly reason: string;
  /** What would allow it, in words that name the setting. */
  readonly fix: string;
  readonly status: 403 | 407 | 502;
  /** SOCKS5 reply code (RFC 1928): 2 not allowed by ruleset, 4 host unreachable, 5 refused. */
  readonly socksCode: number;
  /** The bound secret whose placeholder was on its way where it is not bound. */
  readonly leak?: string;
}

/** A connection the proxy may make: the vetted, connected upstream socket. */
interface Opened {
  readonly upstream: Socket;
  readonly address: string;
  readonly rule: string;
  readonly name: string;
}

/** Everything known about one attempt, from the first byte to its audit line. */
interface Attempt {
  readonly via: EgressVia;
  readonly started: number;
  commandId: string;
  domain: string;
  port: number;
}

const HOP_BY_HOP = new Set(['connection', 'proxy-connection', 'keep-alive', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
const SOCKS_VERSION = 5;
const HANDSHAKE_TIMEOUT_MS = 30_000;

function refuse(reason: string, fix = `the owner can add the domain to \`${ALLOWED_DOMAINS_SETTING}\``): Refusal {
  return { decision: 'refused', reason, fix, status: 403, socksCode: 2 };
}

/** A rewriter's refusal (a secret's placeholder where it does not belong) as the proxy answers it. */
function refuseRewrite(r: RewriteRefusal): Refusal {
  return { ...refuse(r.refuse, r.fix ?? 'see the audit log'), ...(r.leak ? { leak: r.leak } : {}) };
}

function fail(reason: string, socksCode = 4): Refusal {
  return { decision: 'failed', reason, fix: 'check that the server is up and the name is right', status: 502, socksCode };
}

const NO_CREDENTIAL: Refusal = {
  decision: 'refused',
  reason: 'the connection carries no valid per-command credential',
  fix: "use the proxy settings Clawdock puts in the command's environment (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY)",
  status: 407,
  socksCode: 2,
};

/** A quoted, bounded excerpt of something the client sent, for reasons and the audit. */
function excerpt(text: string): string {
  return JSON.stringify(text.length > 255 ? `${text.slice(0, 255)}…` : text);
}

/**
 * The egress proxy (issue 14): one port speaking HTTP (absolute-form
 * requests), HTTPS through CONNECT, and SOCKS5 (CONNECT only). Each
 * connection is attributed to a command by its credential, decided on its
 * canonical host (denied list, allowed list, the owner), resolved once, vetted
 * address by address, and dialled by address so nothing resolves it again.
 * Bytes are piped with backpressure and never inspected after the first
 * request head or ClientHello.
 */
export class EgressProxy {
  private rules: HostRules;
  private readonly gate: AskGate;
  private readonly server: Server;
  private readonly http = createHttpServer({ requestTimeout: 0 });
  private readonly sockets = new Set<Socket>();
  private readonly byCommand = new Map<string, Set<Socket>>();
  private open = 0;
  private total = 0;
  private halted: string | null = null;

  constructor(private readonly options: EgressProxyOptions) {
    this.rules = options.rules;
    this.gate = new AskGate(options.askOwner, options.askTimeoutMs ?? 15 * 60_000);
    this.http.on('request', (req, res) => void this.onRequest(req, res));
    this.http.on('connect', (req, socket, head) => void this.onConnect(req, socket as Socket, head));
    this.http.on('upgrade', (_req, socket) => (socket as Socket).end('HTTP/1.1 501 Not Implemented\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'));
    this.http.on('clientError', (_err, socket) => socket.destroy());
    this.server = createNetServer((socket) => this.onSocket(socket));
  }

  /** Listens on `host:port` (port 0 picks one); resolves with the address. */
  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** Stops listening and cuts every open connection. */
  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** New lists apply to new connections; open ones keep running. */
  setRules(rules: HostRules): void {
    this.rules = rules;
  }

  /** Refuses every new connection from now on, with this reason (e.g. the audit log cannot be written). */
  halt(reason: string): void {
    this.halted = reason;
  }

  /** Cuts the open connections a command made (called when it ends, after its token is revoked). */
  cutCommand(commandId: string): void {
    for (const s of this.byCommand.get(commandId) ?? []) s.destroy();
  }

  stats(): EgressProxyStats {
    return { listening: this.server.listening, open: this.open, total: this.total, halted: this.halted };
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private trackCommand(commandId: string, ...sockets: Socket[]): void {
    let set = this.byCommand.get(commandId);
    if (!set) this.byCommand.set(commandId, (set = new Set()));
    for (const s of sockets) {
      set.add(s);
      s.once('close', () => {
        set.delete(s);
        if (set.size === 0) this.byCommand.delete(commandId);
      });
    }
  }

  /** One port, two protocols: a SOCKS5 greeting starts with byte 5, anything else is HTTP. */
  private onSocket(socket: Socket): void {
    this.track(socket);
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    socket.setTimeout(HANDSHAKE_TIMEOUT_MS, () => socket.destroy());
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.unshift(chunk);
      if (chunk[0] === SOCKS_VERSION) {
        void this.onSocks(socket);
      } else {
        // The HTTP server reads the unshifted chunk through 'data' once the socket flows again.
        this.http.emit('connection', socket);
        socket.resume();
      }
    });
  }

  private authenticate(token: string | undefined): string | null {
    return token === undefined ? null : this.options.verifyToken(token);
  }

  private audit(attempt: Attempt, fields: Omit<EgressRecord, 'commandId' | 'domain' | 'port' | 'via' | 'durationMs'>): void {
    this.options.audit({
      commandId: attempt.commandId,
      domain: attempt.domain,
      port: attempt.port,
      via: attempt.via,
      durationMs: Math.round((performance.now() - attempt.started) * 10) / 10,
      ...fields,
    });
  }

  private auditRefusal(attempt: Attempt, refusal: Refusal): void {
    this.audit(attempt, { decision: refusal.decision, reason: refusal.reason, bytesUp: 0, bytesDown: 0, ...(refusal.leak ? { leak: refusal.leak } : {}) });
  }

  /** Decides, asks, resolves once, vets every address, and dials the vetted ones in turn. */
  private async openUpstream(rawHost: string, port: number, attempt: Attempt): Promise<Opened | Refusal> {
    if (this.halted) return refuse(`the egress proxy is halted: ${this.halted}`, 'restart the sandbox once the cause is fixed');
    const host = canonicalHost(rawHost);
    attempt.domain = host.kind === 'invalid' ? excerpt(rawHost) : hostText(host);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return refuse(`port ${port} is not a valid port`, 'use a port between 1 and 65535');
    const leaking = this.options.rewriters?.checkTarget?.(rawHost);
    if (leaking) return refuseRewrite(leaking);
    let decision = decideHost(host, this.rules, this.gate.sessionAllowed);
    if (decision.verdict === 'ask') {
      const outcome = await this.gate.ask(decision.name, attempt.commandId);
      decision = outcome.allowed ? { verdict: 'allow', rule: outcome.rule } : { verdict: 'refuse', reason: outcome.reason, fix: `the owner can allow it when asked, or add it to \`${ALLOWED_DOMAINS_SETTING}\`` };
    }
    if (decision.verdict === 'refuse') return refuse(decision.reason, decision.fix);
    if (decision.verdict !== 'allow' || host.kind !== 'name') return refuse('the host is not allowed');
    const name = host.name;

    let addresses: IpAddress[];
    try {
      const resolved = await this.options.resolve(name);
      addresses = resolved.map((a) => ipFromString(a)).filter((a): a is IpAddress => a !== null);
      if (addresses.length === 0) return fail(`${name} has no addresses`);
    } catch (err) {
      return fail(`${name} could not be resolved (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    for (const ip of addresses) {
      const verdict = vetAddress(ip, this.options.vetting);
      if (!verdict.ok) {
        return refuse(`${name} resolves to ${ip.text}, which is ${verdict.why}; the proxy never connects there`, 'nothing: such addresses are always refused (a name that points there is a rebinding or misconfiguration)');
      }
    }
    // IPv4 first: the proxy's network usually has no IPv6 route, and a failed attempt costs a timeout.
    const ordered = [...addresses.filter((a) => a.family === 4), ...addresses.filter((a) => a.family === 6)];
    let lastError = '';
    for (const ip of ordered) {
      try {
        const upstream = await this.dial(ip.text, port);
        return { upstream, address: ip.text, rule: decision.rule, name };
      } catch (err) {
        lastError = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      }
    }
    return fail(`could not connect to ${name}:${port} (${lastError})`, lastError === 'ECONNREFUSED' ? 5 : 4);
  }

  private dial(address: string, port: number): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = netConnect({ host: address, port, noDelay: true });
      const timeout = this.options.connectTimeoutMs ?? 10_000;
      socket.setTimeout(timeout, () => socket.destroy(Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' })));
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.setTimeout(0);
        socket.off('error', reject);
        this.track(socket);
        resolve(socket);
      });
    });
  }

  /**
   * What every HTTP-side attempt (absolute-form or CONNECT) goes through: the
   * credential, the upstream opened as `openUpstream` allows, and a `Host`
   * header (when sent) that names the same target. A refusal is audited and
   * answered through `answer`; the caller gets the upstream or nothing.
   */
  private async admit(req: IncomingMessage, attempt: Attempt, rawHost: string | undefined, badShape: Refusal, defaultPort: number, answer: (refusal: Refusal) => void): Promise<Opened | undefined> {
    const deny = (refusal: Refusal): undefined => {
      this.auditRefusal(attempt, refusal);
      answer(refusal);
      return undefined;
    };
    const commandId = this.authenticate(tokenFromProxyAuthorization(req.headers['proxy-authorization']));
    if (commandId) attempt.commandId = commandId;
    if (rawHost === undefined) return deny(badShape);
    if (!commandId) return deny(NO_CREDENTIAL);
    const opened = await this.openUpstream(rawHost, attempt.port, attempt);
    if ('reason' in opened) return deny(opened);
    const hostHeader = req.headers.host;
    const match = hostHeader === undefined ? true : hostHeaderMatches(hostHeader, opened.name, attempt.port, defaultPort);
    if (match !== true) {
      opened.upstream.destroy();
      return deny(refuse(match, 'send the Host header of the target you ask for'));
    }
    return opened;
  }

  // ── HTTP: absolute-form requests ─────────────────────────────────────────

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.socket.setTimeout(0);
    const attempt: Attempt = { via: 'http', started: performance.now(), commandId: 'unknown', domain: '', port: 80 };
    const m = /^http:\/\/([^/?#]*)(.*)$/i.exec(req.url ?? '');
    if (!m) {
      const https = /^https:/i.test(req.url ?? '');
      const reason = https ? 'an https:// URL was sent as a plain proxy request' : 'this is Clawdock\'s egress proxy, not a web server';
      sendRefusal(res, { ...refuse(reason, https ? 'let the client tunnel with CONNECT (HTTPS_PROXY)' : 'send requests through it with HTTP_PROXY'), status: 403 }, attempt);
      return;
    }
    const authority = /^(\[[^\]]*\]|[^:@]*)(?::(\d{1,5}))?$/.exec(m[1]!);
    attempt.domain = excerpt(m[1]!);
    attempt.port = authority?.[2] ? Number(authority[2]) : 80;
    const shape = refuse(`the URL authority ${excerpt(m[1]!)} is not a host and port`, 'use http://host[:port]/path');
    const opened = await this.admit(req, attempt, authority?.[1], shape, 80, (r) => sendRefusal(res, r, attempt));
    if (!opened) return;
    this.forward(req, res, opened, attempt, m[2] || '/');
  }

  private forward(req: IncomingMessage, res: ServerResponse, opened: Opened, attempt: Attempt, path: string): void {
    const { upstream } = opened;
    this.open++;
    this.total++;
    this.trackCommand(attempt.commandId, upstream);
    let headers = forwardHeaders(req.rawHeaders);
    if (req.headers.host === undefined) headers.push(['Host', attempt.port === 80 ? opened.name : `${opened.name}:${attempt.port}`]);
    const rewriter = this.options.rewriters?.forHost(opened.name);
    let secrets: readonly string[] = [];
    if (rewriter?.rewriteRequest) {
      const rewritten = rewriter.rewriteRequest({ method: req.method ?? 'GET', path, headers, commandId: attempt.commandId });
      if ('refuse' in rewritten) {
        upstream.destroy();
        this.open--;
        const refusal = refuseRewrite(rewritten);
        this.auditRefusal(attempt, refusal);
        sendRefusal(res, refusal, attempt);
        return;
      }
      headers = rewritten.headers;
      secrets = rewritten.secrets ?? [];
    }
    headers.push(['Connection', 'close']);
    let finished = false;
    const finish = (reason?: string) => {
      if (finished) return;
      finished = true;
      this.open--;
      this.audit(attempt, { decision: 'allowed', rule: opened.rule, address: opened.address, bytesUp: upstream.bytesWritten, bytesDown: upstream.bytesRead, ...(reason ? { reason } : {}), ...(secrets.length ? { secrets: [...secrets] } : {}) });
    };
    const out = httpRequest({ createConnection: () => upstream, method: req.method, path, headers: headers.flat(), setHost: false });
    out.on('response', (up) => {
      const status = up.statusCode ?? 502;
      res.writeHead(status, up.statusMessage, forwardHeaders(up.rawHeaders).flat());
      up.pipe(res);
      up.on('error', () => res.destroy());
    });
    out.on('error', (err) => {
      if (!res.headersSent) {
        sendRefusal(res, fail(`the request to ${opened.name} failed: ${(err as NodeJS.ErrnoException).code ?? err.message}`), attempt);
      } else res.destroy();
      finish(`ended with an error: ${(err as NodeJS.ErrnoException).code ?? err.message}`);
    });
    upstream.once('close', () => finish());
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    // The client may have gone while the owner was asked or the name resolved.
    if (req.socket.destroyed) return void upstream.destroy();
    req.pipe(out);
  }

  // ── HTTPS: CONNECT tunnels ───────────────────────────────────────────────

  private async onConnect(req: IncomingMessage, client: Socket, head: Buffer): Promise<void> {
    client.setTimeout(0);
    const attempt: Attempt = { via: 'connect', started: performance.now(), commandId: 'unknown', domain: excerpt(req.url ?? ''), port: 0 };
    const target = /^(\[[^\]]*\]|[^:@/]+):(\d{1,5})$/.exec(req.url ?? '');
    attempt.port = target ? Number(target[2]) : 0;
    const shape = refuse(`the CONNECT target ${excerpt(req.url ?? '')} is not host:port`, 'send CONNECT host:port');
    const opened = await this.admit(req, attempt, target?.[1], shape, attempt.port, (r) => writeRawRefusal(client, r, attempt));
    if (!opened) return;
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    this.tunnel(client, opened, head, attempt);
  }

  // ── SOCKS5 (CONNECT only) ────────────────────────────────────────────────

  private async onSocks(client: Socket): Promise<void> {
    const attempt: Attempt = { via: 'socks5', started: performance.now(), commandId: 'unknown', domain: '', port: 0 };
    const handshake = new SocksHandshake(client);
    const request = await handshake.run((token) => this.authenticate(token));
    if (request.kind === 'abandoned') return;
    if (request.commandId) attempt.commandId = request.commandId;
    if (request.kind === 'refused') {
      attempt.domain = request.domain ?? '';
      attempt.port = request.port ?? 0;
      const refusal = request.noCredential ? NO_CREDENTIAL : refuse(request.reason, request.fix);
      this.auditRefusal(attempt, { ...refusal, reason: request.reason });
      handshake.reply(request.code);
      return;
    }
    attempt.domain = request.host;
    attempt.port = request.port;
    client.setTimeout(0);
    const opened = await this.openUpstream(request.host, request.port, attempt);
    if ('reason' in opened) {
      this.auditRefusal(attempt, opened);
      handshake.reply(opened.socksCode);
      return;
    }
    handshake.reply(0);
    this.tunnel(client, opened, handshake.rest(), attempt);
  }

  // ── Tunnels (CONNECT and SOCKS) ──────────────────────────────────────────

  /**
   * Pipes a tunnel both ways once its first client bytes pass the SNI / Host
   * check. Server bytes flow at once (ssh and other protocols speak first).
   */
  private tunnel(client: Socket, opened: Opened, head: Buffer, attempt: Attempt): void {
    const { upstream } = opened;
    this.open++;
    this.total++;
    this.trackCommand(attempt.commandId, client, upstream);
    let outcome: TunnelOutcome = {};
    let done = false;
    // A tunnel a rewriter took over ends when the rewriter says so, with what it saw.
    let intercepted = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.open--;
      client.destroy();
      upstream.destroy();
      const bytes = { bytesUp: outcome.bytesUp ?? upstream.bytesWritten, bytesDown: outcome.bytesDown ?? upstream.bytesRead };
      const extra = { ...(outcome.leak ? { leak: outcome.leak } : {}), ...(outcome.secrets?.length ? { secrets: [...outcome.secrets] } : {}) };
      if (outcome.refused) this.audit(attempt, { decision: 'refused', reason: outcome.refused, address: opened.address, ...bytes, ...extra });
      else this.audit(attempt, { decision: 'allowed', rule: opened.rule, address: opened.address, ...bytes, ...extra, ...(outcome.note ? { reason: outcome.note } : {}) });
    };
    const onEnd = () => {
      if (!intercepted) finish();
    };
    client.on('error', onEnd);
    upstream.on('error', onEnd);
    client.once('close', onEnd);
    upstream.once('close', onEnd);
    // The client may have gone while the owner was asked or the name resolved.
    if (client.destroyed) return finish();
    upstream.pipe(client);

    let buffered = head;
    const inspect = () => {
      const start = checkTunnelStart({ name: opened.name, port: attempt.port }, buffered);
      if (start.status === 'need-more') return;
      client.pause();
      client.off('data', onData);
      if (start.status === 'refused') {
        outcome = { refused: start.reason };
        finish();
        return;
      }
      const rewriter = this.options.rewriters?.forHost(opened.name);
      const refused = rewriter?.checkTunnelStart?.(buffered);
      if (refused) {
        outcome = { refused: refused.refuse, ...(refused.leak ? { leak: refused.leak } : {}) };
        finish();
        return;
      }
      if (rewriter?.interceptTunnel) {
        intercepted = true;
        const taken = rewriter.interceptTunnel({
          client, upstream, head: buffered, name: opened.name, port: attempt.port, commandId: attempt.commandId,
          redial: async () => {
            const again = await this.dial(opened.address, attempt.port);
            this.trackCommand(attempt.commandId, again);
            return again;
          },
          end: (o = {}) => {
            outcome = o;
            finish();
          },
          auditRefusal: (r) => this.auditRefusal({ ...attempt, started: performance.now() }, refuseRewrite(r)),
        });
        if (taken) return;
        intercepted = false;
        if (client.destroyed || upstream.destroyed) return finish();
      }
      upstream.write(buffered);
      client.pipe(upstream);
    };
    const onData = (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      inspect();
    };
    client.on('data', onData);
    client.resume();
    if (buffered.length > 0) inspect();
  }
}

/** Request or response headers without hop-by-hop ones (and those `Connection` names), as pairs. */
function forwardHeaders(raw: readonly string[]): [string, string][] {
  const named = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === 'connection') for (const n of raw[i + 1]!.split(',')) named.add(n.trim().toLowerCase());
  }
  const out: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!.toLowerCase();
    if (!HOP_BY_HOP.has(key) && !named.has(key)) out.push([raw[i]!, raw[i + 1]!]);
  }
  return out;
}

function refusalBody(refusal: Refusal, attempt: Attempt): string {
  const what = refusal.decision === 'failed' ? 'could not reach' : 'refused';
  return `Clawdock's egress proxy ${what} ${attempt.domain}:${attempt.port} (command ${attempt.commandId}): ${refusal.reason}.\nTo allow it: ${refusal.fix}.\n`;
}

function refusalHeaders(refusal: Refusal, body: string): Record<string, string> {
  return {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'X-Clawdock-Egress': refusal.decision,
    Connection: 'close',
    ...(refusal.status === 407 ? { 'Proxy-Authenticate': 'Basic realm="clawdock"' } : {}),
  };
}

function sendRefusal(res: ServerResponse, refusal: Refusal, attempt: Attempt): void {
  const body = refusalBody(refusal, attempt);
  res.writeHead(refusal.status, refusalHeaders(refusal, body));
  res.end(body);
}

function writeRawRefusal(socket: Socket, refusal: Refusal, attempt: Attempt): void {
  const body = refusalBody(refusal, attempt);
  const reasonPhrase = { 403: 'Forbidden', 407: 'Proxy Authentication Required', 502: 'Bad Gateway' }[refusal.status];
  const headers = Object.entries(refusalHeaders(refusal, body)).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  socket.end(`HTTP/1.1 ${refusal.status} ${reasonPhrase}\r\n${headers}\r\n${body}`);
}
