// The egress proxy's entry point inside its container (bundled into one
// script, run with the image's `node -e`). It waits for its configuration on
// stdin, listens on its address in the sandbox's internal network only, and
// exits when stdin ends: if Clawdock goes away, so does the sandbox's network.
import { networkInterfaces } from 'node:os';
import { parseIpv4 } from '../host/ip-address';
import { parseDomainPattern, type DomainPattern } from '../host/domain-pattern';
import type { HostRules } from '../host/decide-host';
import type { AskAnswer } from './ask-gate';
import { CommandCredentials } from './command-credentials';
import { isSecretBindingWire, lineReader, type HostMessage, type ProxyConfig, type ProxyMessage, type RulesWire } from './control-protocol';
import { EgressProxy } from './egress-proxy';
import { SecretRewriters } from '../secrets/secret-rewriters';
import { CertificateAuthority } from '../tls/certificate-authority';
import { randomBytes } from 'node:crypto';
import { createResolver } from './resolver';

function send(message: ProxyMessage): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

function die(message: string): never {
  send({ type: 'fatal', message });
  process.stderr.write(`clawdock egress proxy: ${message}\n`);
  process.exit(1);
}

function toRules(wire: RulesWire): HostRules {
  const parse = (entries: readonly string[]) =>
    entries.map((e) => {
      const p = parseDomainPattern(e);
      if ('error' in p) die(`bad entry ${JSON.stringify(e)}: ${p.error}`);
      return p as DomainPattern;
    });
  return { allowed: parse(wire.allowed), denied: parse(wire.denied), ask: wire.ask === true };
}

/** This container's IPv4 address inside the given subnet. */
function addressIn(cidr: string): string {
  const [base, bitsText] = cidr.split('/');
  const net = parseIpv4(base ?? '');
  const bits = Number(bitsText);
  if (!net || !(bits >= 8 && bits <= 30)) die(`bad subnet ${cidr}`);
  const toInt = (b: Uint8Array) => ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      const ip = a.family === 'IPv4' ? parseIpv4(a.address) : null;
      if (ip && (toInt(ip.bytes) & mask) === (toInt(net.bytes) & mask)) return a.address;
    }
  }
  return die(`no address of this container lies in ${cidr}`);
}

let proxy: EgressProxy | undefined;
let credentials: CommandCredentials | undefined;
let secrets: SecretRewriters | undefined;
let nextAsk = 1;
const waiting = new Map<number, (answer: AskAnswer) => void>();

async function start(config: ProxyConfig): Promise<void> {
  if (proxy) die('started twice');
  credentials = new CommandCredentials(Buffer.from(config.credentialKey, 'base64'));
  const verify = credentials;
  // The sandbox's CA is made here and its key stays here: the host only ever gets the certificate.
  const ca = new CertificateAuthority(randomBytes(4).toString('hex'));
  secrets = new SecretRewriters({ ca, ...(config.upstreamCa ? { upstreamCa: config.upstreamCa } : {}) });
  proxy = new EgressProxy({
    rewriters: secrets,
    rules: toRules(config.rules),
    vetting: config.vetting,
    resolve: createResolver(config.resolver),
    verifyToken: (token) => verify.verify(token),
    audit: (record) => send({ type: 'audit', record }),
    askTimeoutMs: config.askTimeoutMs,
    askOwner: (domain, commandId) =>
      new Promise<AskAnswer>((resolve) => {
        const id = nextAsk++;
        waiting.set(id, resolve);
        send({ type: 'ask', id, domain, commandId });
      }),
  });
  const host = addressIn(config.listenSubnet);
  const at = await proxy.listen(config.port, host);
  send({ type: 'listening', address: at.address, port: at.port, caCertificate: ca.certificate });
}

function onMessage(value: unknown): void {
  const m = value as HostMessage;
  switch (m?.op) {
    case 'start':
      start(m.config).catch((err: Error) => die(`could not start: ${err.message}`));
      return;
    case 'rules':
      proxy?.setRules(toRules(m.rules));
      return;
    case 'revoke':
      credentials?.revoke(m.commandId);
      proxy?.cutCommand(m.commandId);
      return;
    case 'answer':
      waiting.get(m.id)?.(m.answer);
      waiting.delete(m.id);
      return;
    case 'halt':
      proxy?.halt(m.reason);
      return;
    case 'secrets': {
      // Never echo this message: it holds the values.
      if (!Array.isArray(m.secrets) || !m.secrets.every(isSecretBindingWire)) die('the secrets message is malformed');
      if (!secrets) die('secrets arrived before start');
      secrets.setBindings(m.secrets);
      send({ type: 'secrets-applied', id: m.id, count: m.secrets.length });
      return;
    }
    case 'ping':
      if (proxy) send({ type: 'pong', id: m.id, stats: proxy.stats() });
      return;
    default:
      // Unknown input on the control channel means the host and proxy disagree: stop rather than guess.
      die(`unknown control message ${JSON.stringify(value).slice(0, 200)}`);
  }
}

process.stdin.on('data', lineReader(onMessage, (line) => die(`control line is not JSON: ${line.slice(0, 200)}`)));
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
