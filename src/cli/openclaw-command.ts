// `clawdock gateway connect`: this workspace's sandbox as a node of an
// OpenClaw gateway, headless. Prints the status and the steps still needed on
// the gateway host (read from the gateway's own answers), then serves
// invocations — the same policy, sandbox, audit log and agent as `clawdock
// agent run` — until SIGINT/SIGTERM. `--once` only connects, reports and exits.
import { realpathSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Approver } from '../agent';
import { allowSandboxed, denyAll, recordingApprover, ttyDecider, type ApprovalDecider } from '../agent';
import { UsageError } from '../core/errors';
import type { Logger } from '../core/logger';
import { workspaceKey } from '../core/workspace-key';
import { HeadlessAgent } from '../gateway/builtin/headless-agent';
import {
  FileIdentityStore, identityFilePath, loadOrCreateIdentity, OpenClawBridge, readOpenClawSettings, type BridgeStatus, type NodeServices,
} from '../gateway';
import { createEngine, readSandboxSettings, Sandbox } from '../sandbox';
import { hostAccess, WorkspaceFs } from '../sandbox/workspace-fs';
import { createProvider, loadCliPolicy } from './agent-command';
import { readCliModelAllowlist } from './cli-models';
import { flagString, parseArgs, type ParsedArgs } from './args';
import { grantedEnvFromSecrets, openCliAudit } from './cli-audit';
import { clawdockHome, readCliSettings } from './cli-settings';
import { EXIT, type CliIo } from './io';
import { cliVault } from './secret-file';

export const OPENCLAW_USAGE = `  clawdock gateway connect [--url ws://HOST:PORT] [--workspace DIR] [--name NAME] [--once] [--json]
                           [--approve ask|deny|allow-sandboxed] [--provider anthropic|openai --model M --base-url URL]`;

const HELP = `usage:
${OPENCLAW_USAGE}

Connects this workspace's sandbox to an OpenClaw gateway as a node (protocol 4):
the gateway's agent runs \`exec\` (host node) and the \`vscode_agent\` tool here,
under Clawdock's policy for the caller's session, with your approvals.

  --url URL        the gateway (default: clawdock.openclaw.gatewayUrl in settings.json, else ws://127.0.0.1:18789)
  --name NAME      how this node is listed by \`openclaw nodes status\`
  --once           connect, print the status and the steps still needed on the gateway host, and exit
                   (0 connected, 1 waiting for approval or refused)
  --json           with --once: the status as one JSON object
  --approve MODE   who answers commands the policy asks about: ask (the terminal; default with a TTY),
                   deny (default without one), allow-sandboxed
  --provider …     the model of Clawdock's agent for \`vscode_agent\` (as \`clawdock agent run\`); without one
                   (and no ANTHROPIC_API_KEY / OPENAI_API_KEY) the tool is not offered
Token: OPENCLAW_GATEWAY_TOKEN, else the vault's \`openclaw.token\` (\`clawdock secrets set openclaw.token\`);
without one the device token the gateway issued earlier is used.
Device identity: $CLAWDOCK_HOME/openclaw/device.json (mode 0600).
`;

/** A node serving one workspace, and how to release it. */
export interface RunningNode {
  readonly bridge: OpenClawBridge;
  readonly workspace: string;
  readonly sandbox: Sandbox;
  /** What the node's commands run through (tests call the commands directly). */
  readonly services: NodeServices;
  close(): Promise<void>;
}

/** What `openNode` needs. */
export interface OpenNodeOptions {
  readonly url: string;
  readonly workspace: string;
  readonly env: NodeJS.ProcessEnv;
  readonly logger: Logger;
  readonly displayName?: string;
  readonly approver?: (audit: Parameters<typeof recordingApprover>[1]) => Approver;
  /** `clawdock agent run`'s provider flags, for `vscode_agent`. */
  readonly agentArgs?: ParsedArgs;
  /** Tests: offer another protocol range; reconnect delays. */
  readonly protocol?: { readonly min: number; readonly max: number };
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
}

/** `clawdock gateway connect …`: returns the exit code. */
export async function runGatewayConnect(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['url', 'workspace', 'name', 'approve', 'provider', 'model', 'base-url'], ['once', 'json', 'help']);
  if (args.flags.has('help')) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected arguments: ${args.positionals.join(' ')}`);
  const settings = readOpenClawSettings(readCliSettings(io.env));
  const url = flagString(args, 'url') ?? settings.gatewayUrl;
  if (!/^wss?:\/\//.test(url)) throw new UsageError(`--url must be a ws:// or wss:// URL, not ${JSON.stringify(url)}`);
  const workspace = workspaceOf(args, io);
  const decider = chooseDecider(flagString(args, 'approve'), io);
  const logger: Logger = {
    debug: () => undefined,
    info: (m) => io.stderr(`clawdock gateway: ${m}\n`),
    warn: (m) => io.stderr(`clawdock gateway: ${m}\n`),
    error: (m) => io.stderr(`clawdock gateway: error: ${m}\n`),
  };
  const node = await openNode({
    url, workspace, env: io.env, logger, agentArgs: args,
    ...(flagString(args, 'name') ? { displayName: flagString(args, 'name') as string } : {}),
    approver: (audit) => recordingApprover(decider, audit, { by: 'owner', surface: 'cli' }),
  });
  try {
    if (args.flags.has('once')) return await reportOnce(node, io, args.flags.has('json'));
    return await serveUntilSignal(node, logger);
  } finally {
    await node.close();
  }
}

/** Builds the node for one workspace and starts connecting. */
export async function openNode(options: OpenNodeOptions): Promise<RunningNode> {
  const { env, logger, workspace } = options;
  const home = clawdockHome(env);
  const cliSettings = readCliSettings(env);
  const settings = readOpenClawSettings(cliSettings, `Clawdock (${basename(workspace)})`);
  const token = env.OPENCLAW_GATEWAY_TOKEN?.trim() || cliVault(env).get('openclaw.token') || undefined;
  const audit = await openCliAudit(workspace, env);
  const release: (() => Promise<void> | void)[] = [() => audit.close()];
  try {
    if (token) audit.redactor.addSecretValue(token);
    const sandboxSettings = readSandboxSettings(cliSettings);
    const sandbox = new Sandbox({ workspace, settings: sandboxSettings, engine: createEngine(sandboxSettings, env), grantedEnv: () => grantedEnvFromSecrets(env) });
    release.push(() => sandbox.dispose());
    const policy = await loadCliPolicy(workspace, env);
    for (const notice of policy.notices) logger.warn(notice);
    const approver = options.approver ? options.approver(audit.log) : recordingApprover(denyAll, audit.log, { by: 'owner', surface: 'cli' });
    const agent = headlessAgent(options, { policy, sandbox, audit, approver, sandboxSettings, home });
    if (agent) release.push(() => agent.close());
    else logger.info('no model provider for Clawdock\'s agent (--provider, ANTHROPIC_API_KEY or OPENAI_API_KEY): vscode_agent is not offered');
    const store = new FileIdentityStore(identityFilePath(home));
    const identity = await loadOrCreateIdentity(store);
    const services: NodeServices = {
      workspace, policy: async () => policy, sandbox, audit: audit.log, redactor: () => audit.redactor, approver, logger,
      ...(agent ? { agent } : {}),
    };
    const bridge = new OpenClawBridge({
      url: options.url, ...(token ? { token } : {}), identity, store,
      displayName: options.displayName ?? settings.displayName, version: 'clawdock-cli', logger,
      sessionProfiles: settings.sessionProfiles,
      ...(options.protocol ? { protocol: options.protocol } : {}),
      ...(options.backoff ? { backoff: options.backoff } : {}),
      services,
    });
    release.push(() => bridge.dispose());
    bridge.start();
    return {
      bridge, workspace, sandbox, services,
      async close() {
        for (const fn of release.reverse()) await Promise.resolve().then(fn).catch((e: unknown) => logger.warn(`while stopping: ${(e as Error).message}`));
      },
    };
  } catch (error) {
    for (const fn of release.reverse()) await Promise.resolve().then(fn).catch(() => undefined);
    throw error;
  }
}

function headlessAgent(options: OpenNodeOptions, deps: {
  policy: Awaited<ReturnType<typeof loadCliPolicy>>; sandbox: Sandbox; audit: Awaited<ReturnType<typeof openCliAudit>>; approver: Approver;
  sandboxSettings: ReturnType<typeof readSandboxSettings>; home: string;
}): HeadlessAgent | undefined {
  let provider;
  try {
    provider = createProvider(options.agentArgs ?? { positionals: [], flags: new Map(), rest: [] }, options.env);
  } catch (error) {
    if (error instanceof UsageError) return undefined;
    throw error;
  }
  return new HeadlessAgent({
    provider, policy: deps.policy, sandbox: deps.sandbox, audit: deps.audit.log, redactor: deps.audit.redactor, approver: deps.approver,
    workspace: options.workspace, sessionsDir: join(deps.home, 'sessions', workspaceKey(options.workspace)), models: () => readCliModelAllowlist(options.env, options.workspace),
    files: new WorkspaceFs({ root: options.workspace, access: hostAccess(deps.sandboxSettings.workspaceAccess), protectedPaths: deps.sandboxSettings.protectedPaths }),
  });
}

/** Waits until the status settles (connected, waiting for approval, or refused; 30 s at most), prints it and the steps. */
async function reportOnce(node: RunningNode, io: CliIo, json: boolean): Promise<number> {
  const settled = await new Promise<{ status: BridgeStatus; steps: string[] }>((done) => {
    const check = () => {
      const s = node.bridge.setup();
      const toolsAnswered = node.bridge.connection.state.kind !== 'connected' || s.status.kind !== 'connecting';
      if ((s.status.kind === 'connected' || s.status.kind === 'pairing-pending' || s.status.kind === 'refused') && toolsAnswered) finish(s);
    };
    const timer = setTimeout(() => finish(node.bridge.setup()), 30_000);
    const sub = node.bridge.onDidChangeStatus(() => setTimeout(check, 300));
    function finish(s: { status: BridgeStatus; steps: string[] }) {
      clearTimeout(timer);
      sub.dispose();
      done(s);
    }
  });
  if (json) io.stdout(`${JSON.stringify({ nodeId: node.bridge.nodeId, ...settled })}\n`);
  else io.stdout(describe(node.bridge.nodeId, settled.status, settled.steps));
  return settled.status.kind === 'connected' ? EXIT.ok : EXIT.failure;
}

async function serveUntilSignal(node: RunningNode, logger: Logger): Promise<number> {
  let last = '';
  const sub = node.bridge.onDidChangeStatus(({ status, steps }) => {
    const text = describe(node.bridge.nodeId, status, steps);
    if (text !== last) logger.info(text.trimEnd());
    last = text;
  });
  try {
    await new Promise<void>((done) => {
      const stop = (signal: string) => {
        logger.info(`${signal}: stopping (running commands are killed, pending approvals cancelled)`);
        done();
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    return EXIT.ok;
  } finally {
    sub.dispose();
  }
}

function describe(nodeId: string, status: BridgeStatus, steps: readonly string[]): string {
  const head = `OpenClaw node ${nodeId.slice(0, 12)}…: ${status.kind}${'detail' in status && status.detail ? ` — ${status.detail}` : ''}\n`;
  if (steps.length === 0) return head;
  return `${head}Still needed on the gateway host:\n${steps.map((s, i) => `  ${i + 1}. ${s}`).join('\n')}\n`;
}

function chooseDecider(mode: string | undefined, io: CliIo): ApprovalDecider {
  const stdin = io.stdin as NodeJS.ReadableStream & { isTTY?: boolean };
  switch (mode ?? (stdin.isTTY ? 'ask' : 'deny')) {
    case 'ask':
      if (!stdin.isTTY) throw new UsageError('--approve ask needs a terminal to ask on, and standard input is not one; use --approve deny or allow-sandboxed');
      return ttyDecider({ input: stdin, output: process.stderr });
    case 'deny':
      return denyAll;
    case 'allow-sandboxed':
      return allowSandboxed;
    default:
      throw new UsageError('--approve must be ask, deny or allow-sandboxed');
  }
}

function workspaceOf(args: ParsedArgs, io: CliIo): string {
  const path = resolve(io.cwd, flagString(args, 'workspace') ?? '.');
  try {
    return realpathSync(path);
  } catch {
    throw new UsageError(`the workspace ${path} does not exist`);
  }
}
