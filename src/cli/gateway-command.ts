// `clawdock gateway start`: the built-in gateway as a long-running process.
// Wires the core (src/gateway/builtin) to the CLI's vault, audit log, policy,
// sandbox and model provider; SIGTERM and SIGINT stop it cleanly (nothing
// accepted is lost: unanswered messages stay in the journal for the next start).
import { realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readApprovalSettings } from '../approvals/approval-settings';
import { ConfigError, UsageError } from '../core/errors';
import type { Logger } from '../core/logger';
import { workspaceKey } from '../core/workspace-key';
import type { AgentDispatch } from '../gateway/builtin/agent-dispatch';
import { PairingStore } from '../gateway/builtin/access/pairing-store';
import { readGatewayConfig, type GatewayConfig, type TelegramConfig } from '../gateway/builtin/config/gateway-config';
import { Gateway, type ProviderSetup } from '../gateway/builtin/gateway';
import { HeadlessAgent } from '../gateway/builtin/headless-agent';
import { InboxJournal } from '../gateway/builtin/inbox-journal';
import { OwnerApprovals } from '../gateway/builtin/owner-approvals';
import { TelegramProvider } from '../gateway/builtin/telegram/telegram-provider';
import { startWindowLink, type WindowLink } from '../gateway/builtin/window-link/link-server';
import { createEngine, readSandboxSettings, Sandbox } from '../sandbox';
import { hostAccess, WorkspaceFs } from '../sandbox/workspace-fs';
import { createProvider, loadCliPolicy } from './agent-command';
import { readCliModelAllowlist } from './cli-models';
import { flagString, parseArgs, type ParsedArgs } from './args';
import { grantedEnvFromSecrets, openCliAudit } from './cli-audit';
import { clawdockHome, readCliSettings } from './cli-settings';
import { EXIT, type CliIo } from './io';
import { cliVault } from './secret-file';

export const GATEWAY_USAGE = `  clawdock gateway start [--config FILE] [--workspace DIR]`;

/** A running gateway and how to stop it. */
export interface RunningGateway {
  readonly gateway: Gateway;
  readonly link: WindowLink;
  readonly workspace: string;
  /** The one redactor (the audit's: built-in rules and every secret the vault holds). */
  redact(text: string): string;
  /** Stops it (the running task gets `graceMs`, default the config's shutdownGraceSeconds) and releases everything. */
  stop(graceMs?: number): Promise<void>;
  /** Settles when the gateway has stopped; rejects when a provider failed for good (a refused token). */
  readonly done: Promise<void>;
}

/** What `openGateway` needs. */
export interface OpenGatewayOptions {
  readonly configFile: string;
  readonly workspace: string;
  readonly env: NodeJS.ProcessEnv;
  readonly logger: Logger;
  /** Tests: the clock of pairing codes and rate limits. */
  readonly now?: () => number;
  /** Tests: reconnect delays. */
  readonly backoff?: { initialMs: number; maxMs: number };
}

/** `clawdock gateway …`: returns the exit code. */
export async function runGatewayCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...tail] = argv;
  if (sub === 'connect') return (await import('./openclaw-command')).runGatewayConnect(tail, io);
  const args = parseArgs(tail, ['config', 'workspace'], []);
  if (sub !== 'start') {
    if (sub === undefined || sub === 'help') {
      io.stdout(`usage:\n${GATEWAY_USAGE}\n\nConfig: $CLAWDOCK_HOME/gateway.json by default. Tokens: \`clawdock secrets set telegram.bot\`.\n`);
      return sub === undefined ? EXIT.usage : EXIT.ok;
    }
    throw new UsageError(`unknown gateway command ${JSON.stringify(sub)}`);
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected arguments: ${args.positionals.join(' ')}`);
  const redactLine = (text: string) => text; // replaced once the audit's redactor exists
  let redact = redactLine;
  const logger: Logger = {
    debug: () => undefined,
    info: (m) => io.stderr(`clawdock gateway: ${redact(m)}\n`),
    warn: (m) => io.stderr(`clawdock gateway: ${redact(m)}\n`),
    error: (m) => io.stderr(`clawdock gateway: error: ${redact(m)}\n`),
  };
  const running = await openGateway({ configFile: configPath(args, io), workspace: workspaceOf(args, io), env: io.env, logger });
  redact = (text) => running.redact(text);
  const onSignal = (signal: string) => {
    logger.info(`${signal}: stopping (unanswered messages stay queued for the next start)`);
    void running.stop();
  };
  const onTerm = () => onSignal('SIGTERM');
  const onInt = () => onSignal('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  try {
    await running.done;
    logger.info('stopped');
    return EXIT.ok;
  } finally {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
  }
}

/** Builds and starts the gateway for one workspace. */
export async function openGateway(options: OpenGatewayOptions): Promise<RunningGateway> {
  const { env, logger, workspace } = options;
  const config = readGatewayConfig(options.configFile);
  const home = clawdockHome(env);
  const telegram = config.providers.telegram;
  if (!telegram) throw new ConfigError('providers', `${options.configFile} configures no provider`, 'add "telegram": { "token": { "secret": "telegram.bot" }, … }');
  const token = resolveToken(telegram, env);

  const settings = readCliSettings(env);
  const audit = await openCliAudit(workspace, env);
  const toRelease: (() => Promise<void> | void)[] = [() => audit.close()];
  try {
    // A plaintext token is allowed only with dangerouslyAllowPlaintextToken; masked all the same.
    audit.redactor.addSecretValue(token);
    const sandboxSettings = readSandboxSettings(settings);
    const sandbox = new Sandbox({ workspace, settings: sandboxSettings, engine: createEngine(sandboxSettings, env), grantedEnv: () => grantedEnvFromSecrets(env) });
    toRelease.push(() => sandbox.dispose());
    const policy = await loadCliPolicy(workspace, env);
    for (const notice of policy.notices) logger.warn(notice);
    const model = createProvider(agentArgs(config), env);

    // The owner's DM is sent through the gateway built below (approvals and gateway need each other).
    const sendToOwner: { via?: Gateway } = {};
    const approvals = new OwnerApprovals({
      audit: audit.log,
      timeoutMs: readApprovalSettings(settings).timeoutSeconds * 1000,
      ...(telegram.ownerApprovals && telegram.owner !== undefined
        ? { channel: { send: (text: string) => (sendToOwner.via as Gateway).send('telegram', telegram.owner as string, text) } }
        : {}),
    });
    const headless = new HeadlessAgent({
      provider: model, policy, sandbox, audit: audit.log, redactor: audit.redactor, approver: approvals.approver(), workspace,
      files: new WorkspaceFs({ root: workspace, access: hostAccess(sandboxSettings.workspaceAccess), protectedPaths: sandboxSettings.protectedPaths }),
      sessionsDir: join(home, 'sessions', workspaceKey(workspace)), models: () => readCliModelAllowlist(env, workspace),
      ...(config.agent.maxTurns !== undefined ? { maxTurns: config.agent.maxTurns } : {}),
    });
    toRelease.push(() => headless.close());
    const link = await startWindowLink({ home, workspace, logger });
    toRelease.push(() => link.close());
    const dispatch = (): AgentDispatch => link.dispatch() ?? headless;

    const provider = new TelegramProvider({
      token, apiRoot: telegram.apiRoot, pollTimeoutSeconds: telegram.pollTimeoutSeconds, stateDir: join(home, 'gateway', 'state'), logger,
      ...(options.backoff ? { backoff: options.backoff } : {}),
    });
    const setup: ProviderSetup = {
      provider, rules: telegram, pairing: new PairingStore({ home, provider: 'telegram', ...(options.now ? { now: options.now } : {}) }),
      rate: telegram.rateLimit, maxMessageChars: telegram.maxMessageChars, maxReplyChars: telegram.maxReplyChars, ownerApprovals: telegram.ownerApprovals,
    };
    const gateway = new Gateway({
      providers: [setup], dispatch, approvals, audit: audit.log, redact: (text) => audit.redactor.redact(text), logger,
      journal: new InboxJournal(join(home, 'gateway', workspaceKey(workspace), 'inbox.json')),
      ...(options.now ? { now: options.now } : {}),
    });
    sendToOwner.via = gateway;
    link.attach(gateway);
    logger.info(`started for ${workspace}: telegram (dmPolicy ${telegram.dmPolicy}, groupPolicy ${telegram.groupPolicy}) through ${telegram.apiRoot}; window link on 127.0.0.1:${link.port}`);

    const g = gateway;
    let released: Promise<void> | undefined;
    const release = () => (released ??= (async () => {
      for (const fn of toRelease.reverse()) {
        try {
          await fn();
        } catch (error) {
          logger.warn(`while stopping: ${(error as Error).message}`);
        }
      }
    })());
    const done = g.run().finally(release);
    return {
      gateway: g, link, workspace, done, redact: (text) => audit.redactor.redact(text),
      async stop(graceMs = config.shutdownGraceSeconds * 1000) {
        await g.stop(graceMs);
        await done.catch(() => undefined);
      },
    };
  } catch (error) {
    for (const fn of toRelease.reverse()) await Promise.resolve(fn()).catch(() => undefined);
    throw error;
  }
}

/** The token the config names: from the vault, or (only with dangerouslyAllowPlaintextToken, checked at load) the literal. */
function resolveToken(telegram: TelegramConfig, env: NodeJS.ProcessEnv): string {
  if (typeof telegram.token === 'string') return telegram.token;
  const name = telegram.token.secret;
  const value = cliVault(env).get(name);
  if (!value) throw new ConfigError('providers.telegram.token', `the vault holds no secret named ${JSON.stringify(name)}`, `store the bot token: \`clawdock secrets set ${name}\` (the value on standard input)`);
  return value;
}

/** The headless agent's provider flags, in `clawdock agent run`'s terms. */
function agentArgs(config: GatewayConfig): ParsedArgs {
  const flags = new Map<string, string | true>();
  if (config.agent.provider) flags.set('provider', config.agent.provider);
  if (config.agent.model) flags.set('model', config.agent.model);
  if (config.agent.baseUrl) flags.set('base-url', config.agent.baseUrl);
  return { positionals: [], flags, rest: [] };
}

function configPath(args: ParsedArgs, io: CliIo): string {
  const given = flagString(args, 'config');
  return given ? resolve(io.cwd, given) : join(clawdockHome(io.env), 'gateway.json');
}

function workspaceOf(args: ParsedArgs, io: CliIo): string {
  const path = resolve(io.cwd, flagString(args, 'workspace') ?? '.');
  try {
    return realpathSync(path);
  } catch {
    throw new UsageError(`the workspace ${path} does not exist`);
  }
}
