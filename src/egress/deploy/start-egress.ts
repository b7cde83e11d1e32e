import type Docker from 'dockerode';
import { networkInterfaces } from 'node:os';
import { PassThrough } from 'node:stream';
import { Emitter, type Event } from '../../core/event';
import { silentLogger, type Logger } from '../../core/logger';
import type { EgressSettings } from '../egress-settings';
import { EgressError } from '../egress-error';
import type { EgressRecord } from '../egress-record';
import type { HostRules } from '../host/decide-host';
import type { AskAnswer, AskOwner } from '../proxy/ask-gate';
import { CommandCredentials, PROXY_USER } from '../proxy/command-credentials';
import { lineReader, type HostMessage, type ProxyMessage, type RulesWire } from '../proxy/control-protocol';
import type { EgressProxyStats } from '../proxy/egress-proxy';
import type { ResolverConfig } from '../proxy/resolver';
import type { BoundSecret, SecretBindingWire } from '../secrets/secret-binding';
import { newPlaceholder } from '../../core/secret-placeholder';
import { dockerFor, EGRESS_LABELS, egressNames, engineGateways, ensureNetwork, removeContainerIfPresent, type EngineTarget } from './egress-docker';
import { proxyScript } from './proxy-script';
import { sandboxNetworkSpec, type SandboxNetworkSpec } from './sandbox-network';

/** The port the proxy listens on inside its container (HTTP, CONNECT and SOCKS5 alike). */
export const PROXY_PORT = 3128;
const START_TIMEOUT_MS = 20_000;
const PING_TIMEOUT_MS = 3_000;
/** Refusals kept per command for its tool result; the audit log has them all. */
const MAX_REFUSALS_KEPT = 20;

/** What `startEgress` needs. */
export interface StartEgressOptions {
  /** The engine (same shape as the sandbox's `EngineAddress`). */
  readonly engine: EngineTarget;
  /** The workspace's real path: names the internal network and the proxy container. */
  readonly workspace: string;
  readonly settings: EgressSettings;
  /** An image with `node` ≥ 18 to run the proxy in: the bundled sandbox image (not the user's, which may lack node). */
  readonly image: string;
  /** Called for every connection, allowed, refused or failed. If it throws, the proxy refuses everything from then on. */
  readonly audit: (record: EgressRecord) => Promise<void> | void;
  /** Asked about a domain on neither list when `egressAsk` is on; anything but an answer is a refusal. */
  readonly askOwner?: AskOwner;
  /** Longest wait for an answer, as a backstop behind the approval's own expiry; default 15 minutes. */
  readonly askTimeoutMs?: number;
  readonly logger?: Logger;
  /** Extra addresses of the engine host to refuse (its interfaces and the engine's gateways are found on their own). */
  readonly hostAddresses?: readonly string[];
  /** Tests only: a fixed name table instead of DNS, so no query ever leaves. */
  readonly resolver?: ResolverConfig;
  /** Tests only: exact private addresses (the test's own servers) the proxy may dial. */
  readonly exemptAddresses?: readonly string[];
  /** Tests only: roots the proxy trusts for a secret's host besides the usual ones (the test's own TLS server). */
  readonly upstreamCa?: readonly string[];
}

/** What `health()` says. */
export interface EgressHealth {
  readonly ok: boolean;
  /** Why it is not ok (the proxy stopped, did not answer, or is halted). */
  readonly reason?: string;
  readonly stats?: EgressProxyStats;
}

/** A running egress proxy for one workspace. */
export interface Egress {
  /** The internal network the sandbox must join (and no other). */
  readonly networkName: string;
  /** The proxy's address on that network, `ip:port`. */
  readonly proxyAddress: string;
  /** The create-body fields for the sandbox container (see SandboxNetworkSpec). */
  readonly sandboxNetwork: SandboxNetworkSpec;
  /** The environment one command gets: HTTP(S)_PROXY, ALL_PROXY (SOCKS5), NO_PROXY, upper and lower case, carrying its own credential. */
  proxyEnv(commandId: string): Record<string, string>;
  /**
   * The sandbox's CA certificate (PEM): the sandbox trusts it (see
   * `trustInstallCommand`); its key never leaves the proxy. The proxy
   * terminates TLS with it for a bound secret's hosts only.
   */
  readonly caCertificate: string;
  /**
   * Hands the proxy the secrets bound to hosts, values included, over its
   * stdin (only when they changed), and resolves once it holds them. Each
   * secret keeps one placeholder for the life of this proxy.
   */
  setSecrets(secrets: readonly BoundSecret[]): Promise<void>;
  /** Each bound secret's variable, holding its placeholder (empty with no secret bound). */
  secretEnv(): Record<string, string>;
  /** Each bound secret's placeholder, name and hosts, so displays can show which secret a placeholder stands for. */
  placeholders(): readonly { readonly placeholder: string; readonly name: string; readonly hosts: readonly string[] }[];
  /**
   * The command ended: its credential stops working and its open connections
   * are cut. Returns what the proxy refused it (or failed to reach), so the
   * tool result can say so and name the setting (see `describeRefusal`).
   */
  releaseCommand(commandId: string): EgressRecord[];
  /** New lists apply to new connections. */
  updateSettings(settings: EgressSettings): void;
  health(): Promise<EgressHealth>;
  /** Fires once when the proxy stops, whatever the cause; the sandbox then has no network. */
  readonly onDidStop: Event<string>;
  /** Stops the proxy (the internal network stays, with the sandbox on it). */
  stop(): Promise<void>;
}

function rulesWire(rules: HostRules): RulesWire {
  return { allowed: rules.allowed.map((p) => p.text), denied: rules.denied.map((p) => p.text), ask: rules.ask };
}

/** The addresses of the machine this runs on (the engine host, when the engine is local). */
function localAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((a) => a.address.replace(/%.*$/, ''));
}

/**
 * Starts a workspace's egress proxy (issue 14): makes sure the workspace's
 * internal network exists (no route out, no address on the host's bridge),
 * runs the proxy in a small hardened container on that network and on a
 * bridge network, hands it its configuration over stdin, and waits until it
 * listens. The sandbox, created with `sandboxNetwork`, can then reach the
 * proxy and nothing else; when the proxy stops, it can reach nothing.
 */
export async function startEgress(options: StartEgressOptions): Promise<Egress> {
  const logger = options.logger ?? silentLogger;
  const docker = dockerFor(options.engine);
  const names = egressNames(options.workspace);
  const labels = { [EGRESS_LABELS.egress]: names.key, [EGRESS_LABELS.workspace]: options.workspace };
  const internal = await ensureNetwork(docker, names.internal, 'internal', labels);
  await ensureNetwork(docker, names.outside, 'outside', {});
  const hostAddresses = [...new Set([...localAddresses(), ...(await engineGateways(docker)), ...(options.hostAddresses ?? [])])];

  await removeContainerIfPresent(docker, names.proxy);
  const container = await createProxyContainer(docker, names.proxy, names.internal, options.image, labels);
  await docker.getNetwork(names.outside).connect({ Container: container.id });
  const stream = await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  docker.modem.demuxStream(stream, stdout, stderr);
  stderr.on('data', (c: Buffer) => logger.warn(`egress proxy: ${c.toString().trimEnd()}`));

  const key = CommandCredentials.newKey();
  const credentials = new CommandCredentials(key);
  const channel = new ProxyChannel(stream, logger);
  stdout.on('data', lineReader((m) => channel.receive(m as ProxyMessage), (line) => logger.warn(`egress proxy said: ${line.slice(0, 200)}`)));
  stream.on('end', () => channel.died('the proxy container stopped'));
  stream.on('close', () => channel.died('the proxy container stopped'));
  stream.on('error', (err: Error) => channel.died(`the control stream failed: ${err.message}`));

  channel.onAudit = async (record) => {
    try {
      await options.audit(record);
    } catch (err) {
      const reason = `the audit log cannot be written (${(err as Error).message})`;
      logger.error(`egress: ${reason}; refusing every new connection`);
      channel.send({ op: 'halt', reason });
    }
  };
  channel.onAsk = async (id, domain, commandId) => {
    let answer: AskAnswer = 'deny';
    try {
      answer = options.askOwner ? await options.askOwner(domain, commandId) : 'deny';
    } catch (err) {
      logger.warn(`egress: asking about ${domain} failed: ${(err as Error).message}`);
    }
    channel.send({ op: 'answer', id, answer });
  };

  try {
    await container.start();
    channel.send({
      op: 'start',
      config: {
        listenSubnet: internal.subnet,
        port: PROXY_PORT,
        rules: rulesWire(options.settings.rules),
        vetting: { hostAddresses, exemptAddresses: options.exemptAddresses ?? [] },
        resolver: options.resolver ?? { kind: 'system' },
        credentialKey: key.toString('base64'),
        askTimeoutMs: options.askTimeoutMs ?? 15 * 60_000,
        ...(options.upstreamCa ? { upstreamCa: options.upstreamCa } : {}),
      },
    });
    const listening = await channel.listening(START_TIMEOUT_MS);
    const proxyAddress = `${listening.address}:${listening.port}`;
    const bound = new BoundSecrets();
    logger.info(`egress proxy for ${options.workspace} listening at ${proxyAddress} on ${names.internal}`);
    return {
      networkName: names.internal,
      proxyAddress,
      sandboxNetwork: sandboxNetworkSpec(names.internal, internal.gateway),
      proxyEnv: (commandId) => proxyEnvironment(proxyAddress, credentials.issue(commandId)),
      caCertificate: listening.caCertificate,
      setSecrets: async (secrets) => {
        const next = bound.update(secrets);
        if (!next) return;
        await channel.applySecrets(next.wire, PING_TIMEOUT_MS);
        bound.sent = next.text;
      },
      secretEnv: () => bound.env(),
      placeholders: () => bound.list(),
      releaseCommand: (commandId) => {
        channel.send({ op: 'revoke', commandId });
        return channel.takeRefusals(commandId);
      },
      updateSettings: (settings) => channel.send({ op: 'rules', rules: rulesWire(settings.rules) }),
      health: () => channel.health(PING_TIMEOUT_MS),
      onDidStop: channel.onDidStop,
      stop: async () => {
        channel.stopping = true;
        stream.end();
        await container.wait({ condition: 'not-running' }).catch(() => undefined);
        await removeContainerIfPresent(docker, names.proxy);
        channel.died('stopped');
      },
    };
  } catch (err) {
    await removeContainerIfPresent(docker, names.proxy).catch(() => undefined);
    throw err instanceof EgressError ? err : new EgressError(`the egress proxy did not start: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * The host's record of the secrets bound to hosts for one proxy: a placeholder
 * per name, made once, and what was last sent (so unchanged secrets are not
 * sent again on every command).
 */
class BoundSecrets {
  private readonly placeholderOf = new Map<string, string>();
  private current: SecretBindingWire[] = [];
  /** What the proxy confirmed it holds. */
  sent = '[]';

  /** The wire form (and its text) when it differs from what the proxy holds, else undefined. */
  update(secrets: readonly BoundSecret[]): { wire: SecretBindingWire[]; text: string } | undefined {
    const wire = secrets.map((s) => {
      let placeholder = this.placeholderOf.get(s.name);
      if (!placeholder) this.placeholderOf.set(s.name, (placeholder = newPlaceholder(s.name)));
      return { ...s, hosts: [...s.hosts], placeholder };
    });
    const text = JSON.stringify(wire);
    this.current = wire;
    return text === this.sent ? undefined : { wire, text };
  }

  env(): Record<string, string> {
    return Object.fromEntries(this.current.map((s) => [s.name, s.placeholder]));
  }

  list(): { placeholder: string; name: string; hosts: readonly string[] }[] {
    return this.current.map((s) => ({ placeholder: s.placeholder, name: s.name, hosts: s.hosts }));
  }
}

/** The proxy variables ordinary tools read (curl, git, pip, npm, Python's urllib), both cases. */
export function proxyEnvironment(proxyAddress: string, token: string): Record<string, string> {
  const auth = `${PROXY_USER}:${encodeURIComponent(token)}@${proxyAddress}`;
  const http = `http://${auth}`;
  const socks = `socks5h://${auth}`;
  const noProxy = 'localhost,127.0.0.1,::1';
  return {
    HTTP_PROXY: http,
    HTTPS_PROXY: http,
    ALL_PROXY: socks,
    NO_PROXY: noProxy,
    http_proxy: http,
    https_proxy: http,
    all_proxy: socks,
    no_proxy: noProxy,
  };
}

async function createProxyContainer(docker: Docker, name: string, network: string, image: string, labels: Record<string, string>): Promise<Docker.Container> {
  const script = await proxyScript();
  const mb = 1024 * 1024;
  try {
    return await docker.createContainer({
      name,
      Image: image,
      Entrypoint: ['node', '-e', script],
      Cmd: [],
      User: '65534:65534',
      WorkingDir: '/',
      OpenStdin: true,
      StdinOnce: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      Labels: { [EGRESS_LABELS.managed]: 'true', ...labels },
      HostConfig: {
        NetworkMode: network,
        ReadonlyRootfs: true,
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges:true'],
        Init: true,
        Memory: 192 * mb,
        MemorySwap: 192 * mb,
        NanoCpus: 1e9,
        PidsLimit: 64,
        RestartPolicy: { Name: 'no' },
        Sysctls: { 'net.ipv6.conf.all.disable_ipv6': '1' },
      },
      NetworkingConfig: { EndpointsConfig: { [network]: {} } },
    });
  } catch (err) {
    throw new EgressError(`creating the egress proxy container from ${image} failed: ${(err as Error).message}`, { cause: err, hint: 'the proxy runs in the bundled sandbox image, which has node' });
  }
}

/** The host's end of the control channel. */
class ProxyChannel {
  private readonly _onDidStop = new Emitter<string>();
  readonly onDidStop: Event<string> = this._onDidStop.event;
  onAudit: (record: EgressRecord) => Promise<void> = async () => undefined;
  onAsk: (id: number, domain: string, commandId: string) => Promise<void> = async () => undefined;
  stopping = false;
  private dead: string | undefined;
  private nextPing = 1;
  private readonly pings = new Map<number, (stats: EgressProxyStats) => void>();
  /** Refused and failed connections per command, until the command is released. */
  private readonly refusals = new Map<string, EgressRecord[]>();
  private listeningWaiter: { resolve: (at: { address: string; port: number; caCertificate: string }) => void; reject: (err: Error) => void } | undefined;
  private nextSecrets = 1;
  private readonly secretsWaiters = new Map<number, () => void>();

  constructor(
    private readonly stream: NodeJS.ReadWriteStream,
    private readonly logger: Logger,
  ) {}

  send(message: HostMessage): void {
    if (this.dead) return;
    this.stream.write(`${JSON.stringify(message)}\n`);
  }

  receive(m: ProxyMessage): void {
    switch (m?.type) {
      case 'listening':
        this.listeningWaiter?.resolve({ address: m.address, port: m.port, caCertificate: m.caCertificate });
        return;
      case 'secrets-applied':
        this.secretsWaiters.get(m.id)?.();
        this.secretsWaiters.delete(m.id);
        return;
      case 'audit':
        if (m.record.decision !== 'allowed') this.keepRefusal(m.record);
        void this.onAudit(m.record);
        return;
      case 'ask':
        void this.onAsk(m.id, m.domain, m.commandId);
        return;
      case 'pong':
        this.pings.get(m.id)?.(m.stats);
        this.pings.delete(m.id);
        return;
      case 'fatal':
        this.logger.error(`egress proxy: ${m.message}`);
        this.died(`the proxy failed: ${m.message}`);
        return;
      default:
        this.logger.warn(`egress proxy sent an unknown message: ${JSON.stringify(m).slice(0, 200)}`);
    }
  }

  private keepRefusal(record: EgressRecord): void {
    const list = this.refusals.get(record.commandId) ?? [];
    if (list.length < MAX_REFUSALS_KEPT) list.push(record);
    this.refusals.set(record.commandId, list);
  }

  takeRefusals(commandId: string): EgressRecord[] {
    const list = this.refusals.get(commandId) ?? [];
    this.refusals.delete(commandId);
    return list;
  }

  died(reason: string): void {
    if (this.dead) return;
    this.dead = reason;
    this.listeningWaiter?.reject(new EgressError(reason));
    if (!this.stopping) this.logger.warn(`egress proxy stopped: ${reason}; the sandbox has no network until it is restarted`);
    this._onDidStop.fire(reason);
  }

  /** Sends the secrets and waits until the proxy holds them, so a command started next finds them in place. */
  applySecrets(secrets: readonly SecretBindingWire[], timeoutMs: number): Promise<void> {
    if (this.dead) return Promise.reject(new EgressError(`the egress proxy cannot take the secrets: ${this.dead}`));
    return new Promise((resolve, reject) => {
      const id = this.nextSecrets++;
      const timer = setTimeout(() => {
        this.secretsWaiters.delete(id);
        reject(new EgressError(`the egress proxy did not confirm the bound secrets within ${timeoutMs} ms`));
      }, timeoutMs);
      this.secretsWaiters.set(id, () => (clearTimeout(timer), resolve()));
      this.send({ op: 'secrets', id, secrets });
    });
  }

  listening(timeoutMs: number): Promise<{ address: string; port: number; caCertificate: string }> {
    return new Promise((resolve, reject) => {
      if (this.dead) return reject(new EgressError(this.dead));
      const timer = setTimeout(() => reject(new EgressError(`the egress proxy did not start listening within ${timeoutMs / 1000} s`)), timeoutMs);
      this.listeningWaiter = {
        resolve: (at) => (clearTimeout(timer), resolve(at)),
        reject: (err) => (clearTimeout(timer), reject(err)),
      };
    });
  }

  health(timeoutMs: number): Promise<EgressHealth> {
    if (this.dead) return Promise.resolve({ ok: false, reason: this.dead });
    return new Promise((resolve) => {
      const id = this.nextPing++;
      const timer = setTimeout(() => {
        this.pings.delete(id);
        resolve({ ok: false, reason: `the proxy did not answer within ${timeoutMs} ms` });
      }, timeoutMs);
      this.pings.set(id, (stats) => {
        clearTimeout(timer);
        resolve(stats.halted ? { ok: false, reason: `halted: ${stats.halted}`, stats } : { ok: stats.listening, stats, ...(stats.listening ? {} : { reason: 'not listening' }) });
      });
      this.send({ op: 'ping', id });
    });
  }
}
