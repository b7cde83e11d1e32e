// Egress proxy benchmark (issue 14): a 50 MB download from a local server
// through the proxy against the same download direct (goal: at least 0.8×),
// and the latency a new connection gains by going through the proxy (goal:
// under 5 ms median). Issue 16: a 50 MB HTTPS download from a host a secret
// is bound to (TLS terminated, the secret put in, the response masked)
// against the same download from a host whose TLS passes through (goal: at
// least 0.7×). The proxy is the real bundled script, run as its own process
// over the same control channel its container gets, on loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { connect as tlsConnect } from 'node:tls';
import { makeTestCertificate } from '../src/egress/egress-testing';
import { newPlaceholder } from '../src/core/secret-placeholder';
import type { SecretBindingWire } from '../src/egress/secrets/secret-binding';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { proxyScript } from '../src/egress/deploy/proxy-script';
import { CommandCredentials } from '../src/egress/proxy/command-credentials';
import { lineReader, type HostMessage, type ProxyMessage } from '../src/egress/proxy/control-protocol';
import { median, type BenchFigure } from './stats';

const MB = 1024 * 1024;
const DOWNLOAD_BYTES = 50 * MB;
const LOOPBACK = '127.0.0.1';
const NAME = 'origin.bench';
/** The host a secret is bound to (same origin, another name): its TLS is terminated. */
const SECRET_NAME = 'secret.bench';
const ROUNDS = 5;

/**
 * The origin: its own process (as a real server is), serving /big (50 MB,
 * written with backpressure) and /small (2 bytes).
 */
const ORIGIN_SCRIPT = `
const http = require('http');
const SIZE = ${DOWNLOAD_BYTES}, CHUNK = Buffer.alloc(64 * 1024, 0x61);
const server = http.createServer((req, res) => {
  if (req.url !== '/big') return void res.end('ok');
  res.writeHead(200, { 'Content-Length': SIZE });
  let sent = 0;
  const pump = () => {
    while (sent < SIZE) { sent += CHUNK.length; if (!res.write(CHUNK)) return void res.once('drain', pump); }
    res.end();
  };
  pump();
});
server.listen(0, '${LOOPBACK}', () => process.stdout.write(server.address().port + '\\n'));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();`;

/** The same origin over TLS, with a certificate for both names (passed in the environment of its own process). */
const TLS_ORIGIN_SCRIPT = ORIGIN_SCRIPT.replace("const http = require('http');", "const http = require('https');").replace('http.createServer(', 'http.createServer({ key: process.env.KEY, cert: process.env.CERT }, ');

async function startOrigin(script = ORIGIN_SCRIPT, env: Record<string, string> = {}): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', (code) => reject(new Error(`the origin exited with ${code}`)));
  });
  return { child, port };
}

/** The bundled proxy as a child process on loopback, configured over stdin like its container. */
async function startProxy(upstreamCa: string): Promise<{ child: ChildProcess; port: number; auth: string; ca: string; bind: (secrets: SecretBindingWire[]) => Promise<void> }> {
  const key = CommandCredentials.newKey();
  const token = new CommandCredentials(key).issue('bench');
  const child = spawn(process.execPath, ['-e', await proxyScript()], { stdio: ['pipe', 'pipe', 'inherit'] });
  let applied: () => void = () => undefined;
  const listening = await new Promise<{ port: number; ca: string }>((resolve, reject) => {
    child.stdout!.on(
      'data',
      lineReader(
        (m) => {
          const message = m as ProxyMessage;
          if (message.type === 'listening') resolve({ port: message.port, ca: message.caCertificate });
          if (message.type === 'secrets-applied') applied();
          if (message.type === 'fatal') reject(new Error(message.message));
        },
        () => undefined,
      ),
    );
    child.once('exit', (code) => reject(new Error(`the proxy exited with ${code}`)));
    const start: HostMessage = {
      op: 'start',
      config: {
        listenSubnet: '127.0.0.0/8',
        port: 0,
        rules: { allowed: [NAME, SECRET_NAME], denied: [], ask: false },
        vetting: { exemptAddresses: [LOOPBACK] },
        resolver: { kind: 'static', hosts: { [NAME]: [LOOPBACK], [SECRET_NAME]: [LOOPBACK] } },
        credentialKey: key.toString('base64'),
        askTimeoutMs: 1000,
        upstreamCa: [upstreamCa],
      },
    };
    child.stdin!.write(`${JSON.stringify(start)}\n`);
  });
  const bind = (secrets: SecretBindingWire[]) =>
    new Promise<void>((resolve) => {
      applied = resolve;
      child.stdin!.write(`${JSON.stringify({ op: 'secrets', id: 1, secrets } satisfies HostMessage)}\n`);
    });
  return { child, port: listening.port, ca: listening.ca, bind, auth: `Basic ${Buffer.from(`clawdock:${token}`).toString('base64')}` };
}

/** The same GET over TLS inside a CONNECT tunnel, trusting `ca`, with an Authorization header. */
function getOverTls(proxyPort: number, auth: string, name: string, originPort: number, ca: string, authorization: string): Promise<{ firstMs: number; totalMs: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const target = `${name}:${originPort}`;
    const req = request({ host: LOOPBACK, port: proxyPort, method: 'CONNECT', path: target, headers: { Host: target, 'Proxy-Authorization': auth }, agent: false });
    req.on('connect', (res, socket: Socket) => {
      if (res.statusCode !== 200) return reject(new Error(`CONNECT answered ${res.statusCode}`));
      const secure = tlsConnect({ socket, servername: name, ca, ALPNProtocols: ['http/1.1'] }, () => {
        secure.write(`GET /big HTTP/1.1\r\nHost: ${target}\r\nAuthorization: ${authorization}\r\nConnection: close\r\n\r\n`);
      });
      let firstMs = -1;
      let bytes = 0;
      secure.on('data', (c: Buffer) => {
        if (firstMs < 0) firstMs = performance.now() - started;
        bytes += c.length;
      });
      secure.on('end', () => resolve({ firstMs, totalMs: performance.now() - started, bytes }));
      secure.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** One GET on a new connection; resolves with the milliseconds to the first body byte and to the end, and the bytes. */
function get(options: { host: string; port: number; path: string; headers?: Record<string, string> }): Promise<{ firstMs: number; totalMs: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstMs = -1;
    let bytes = 0;
    const req = request({ ...options, agent: false }, (res) => {
      res.on('data', (c: Buffer) => {
        if (firstMs < 0) firstMs = performance.now() - started;
        bytes += c.length;
      });
      res.on('end', () => resolve({ firstMs, totalMs: performance.now() - started, bytes }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The same GET through a CONNECT tunnel. */
function getThroughTunnel(proxyPort: number, auth: string, originPort: number, path: string): Promise<{ firstMs: number; totalMs: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const target = `${NAME}:${originPort}`;
    const req = request({ host: LOOPBACK, port: proxyPort, method: 'CONNECT', path: target, headers: { Host: target, 'Proxy-Authorization': auth }, agent: false });
    req.on('connect', (res, socket: Socket) => {
      if (res.statusCode !== 200) return reject(new Error(`CONNECT answered ${res.statusCode}`));
      let firstMs = -1;
      let bytes = 0;
      socket.on('data', (c: Buffer) => {
        if (firstMs < 0) firstMs = performance.now() - started;
        bytes += c.length;
      });
      socket.on('end', () => resolve({ firstMs, totalMs: performance.now() - started, bytes }));
      socket.on('error', reject);
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${target}\r\nConnection: close\r\n\r\n`);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Runs the egress figures. */
export async function benchEgress(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<BenchFigure[]> {
  const cert = makeTestCertificate([NAME, SECRET_NAME]);
  const origin = await startOrigin();
  const tlsOrigin = await startOrigin(TLS_ORIGIN_SCRIPT, { KEY: cert.key, CERT: cert.cert });
  const proxy = await startProxy(cert.cert);
  try {
    const direct = () => get({ host: LOOPBACK, port: origin.port, path: '/big' });
    const viaHttp = () => get({ host: LOOPBACK, port: proxy.port, path: `http://${NAME}:${origin.port}/big`, headers: { Host: `${NAME}:${origin.port}`, 'Proxy-Authorization': proxy.auth } });
    const viaTunnel = () => getThroughTunnel(proxy.port, proxy.auth, origin.port, '/big');

    // Rounds interleave the three paths, and each ratio is the median of per-round ratios,
    // so load from elsewhere on the machine weighs on the baseline and the proxy alike.
    log(`egress: 50 MB downloads (direct, CONNECT tunnel, plain HTTP through the proxy), ${ROUNDS} rounds`);
    const rates = { direct: [] as number[], http: [] as number[], tunnel: [] as number[] };
    await direct();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [key, fn] of [['direct', direct], ['tunnel', viaTunnel], ['http', viaHttp]] as const) {
        const r = await fn();
        if (r.bytes < DOWNLOAD_BYTES) throw new Error(`${key}: got ${r.bytes} of ${DOWNLOAD_BYTES} bytes`);
        rates[key].push(DOWNLOAD_BYTES / MB / (r.totalMs / 1000));
      }
    }
    const [directRate, httpRate, tunnelRate] = [median(rates.direct), median(rates.http), median(rates.tunnel)];
    const tunnelRatio = median(rates.tunnel.map((r, i) => r / rates.direct[i]!));
    const httpRatio = median(rates.http.map((r, i) => r / rates.direct[i]!));

    log('egress: 300 new connections each, small GET');
    const small = (n: number, fn: () => Promise<{ firstMs: number }>) => (async () => {
      const out: number[] = [];
      for (let i = 0; i < 20; i++) await fn();
      for (let i = 0; i < n; i++) out.push((await fn()).firstMs);
      return out;
    })();
    const directMs = median(await small(300, () => get({ host: LOOPBACK, port: origin.port, path: '/small' })));
    const httpMs = median(await small(300, () => get({ host: LOOPBACK, port: proxy.port, path: `http://${NAME}:${origin.port}/small`, headers: { Host: `${NAME}:${origin.port}`, 'Proxy-Authorization': proxy.auth } })));
    const tunnelMs = median(await small(300, () => getThroughTunnel(proxy.port, proxy.auth, origin.port, '/small')));

    // Issue 16: the same 50 MB over TLS from the secret's host (terminated, the value put in and masked out
    // of the response) and from a host whose TLS passes through; both clients decrypt, only one proxy does.
    log(`egress: 50 MB HTTPS downloads (TLS passed through, TLS terminated for a bound secret), ${ROUNDS} rounds`);
    const placeholder = newPlaceholder('BENCH_TOKEN');
    await proxy.bind([{ name: 'BENCH_TOKEN', hosts: [SECRET_NAME], value: 'bench-secret-value-0123456789', placeholder }]);
    const passThrough = () => getOverTls(proxy.port, proxy.auth, NAME, tlsOrigin.port, cert.cert, 'Bearer nothing-to-put-in');
    const injected = () => getOverTls(proxy.port, proxy.auth, SECRET_NAME, tlsOrigin.port, proxy.ca, `Bearer ${placeholder}`);
    const tls = { pass: [] as number[], injected: [] as number[] };
    await passThrough();
    await injected();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [key, fn] of [['pass', passThrough], ['injected', injected]] as const) {
        const r = await fn();
        if (r.bytes < DOWNLOAD_BYTES) throw new Error(`${key}: got ${r.bytes} of ${DOWNLOAD_BYTES} bytes`);
        tls[key].push(DOWNLOAD_BYTES / MB / (r.totalMs / 1000));
      }
    }
    const injectedRatio = median(tls.injected.map((r, i) => r / tls.pass[i]!));

    return [
      { name: '50 MB download, direct', value: directRate, unit: 'MB/s' },
      { name: '50 MB download through the proxy (CONNECT tunnel)', value: tunnelRate, unit: 'MB/s' },
      { name: '50 MB download through the proxy (plain HTTP)', value: httpRate, unit: 'MB/s' },
      { name: 'tunnel / direct throughput', value: tunnelRatio, unit: 'ratio', goal: '≥ 0.8', met: tunnelRatio >= 0.8 },
      { name: 'plain HTTP / direct throughput', value: httpRatio, unit: 'ratio', goal: '≥ 0.8', met: httpRatio >= 0.8 },
      { name: 'new connection to first byte, direct (median)', value: directMs, unit: 'ms' },
      { name: 'added by the proxy, CONNECT tunnel (median)', value: tunnelMs - directMs, unit: 'ms', goal: '< 5 ms', met: tunnelMs - directMs < 5 },
      { name: 'added by the proxy, plain HTTP (median)', value: httpMs - directMs, unit: 'ms', goal: '< 5 ms', met: httpMs - directMs < 5 },
      { name: '50 MB HTTPS, TLS passed through', value: median(tls.pass), unit: 'MB/s' },
      { name: '50 MB HTTPS, secret put in (TLS terminated)', value: median(tls.injected), unit: 'MB/s' },
      { name: 'secret put in / passed through throughput', value: injectedRatio, unit: 'ratio', goal: '≥ 0.7', met: injectedRatio >= 0.7 },
    ];
  } finally {
    proxy.child.stdin!.end();
    origin.child.stdin!.end();
    tlsOrigin.child.stdin!.end();
  }
}
