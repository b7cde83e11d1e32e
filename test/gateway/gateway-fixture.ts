// A built-in gateway for the suites, run in this process against the local
// Telegram Bot API server and the scripted model server: a throwaway
// CLAWDOCK_HOME with the bot token in the vault, a workspace, the real policy,
// audit log and (when a command runs) the real sandbox. `cleanup` removes it all.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { AuditEvent, AuditEventOf } from '../../src/audit';
import { auditWorkspaceKey } from '../../src/audit';
import { openGateway, type RunningGateway } from '../../src/cli/gateway-command';
import { runCli } from '../../src/cli/main';
import { runPairingCommand } from '../../src/cli/pairing-command';
import { SecretsVault } from '../../src/secrets';
import type { Script } from '../fixtures/model-server/index';
import { lastUserTextOf, startModelServer, toolResultsOf, type ModelServer } from '../fixtures/model-server/index';
import { startTelegramServer, type TelegramServer, type TgUser } from '../fixtures/telegram-server/index';
import { LEAN_SETTINGS, makeWorkspace } from '../helpers/sandbox-fixture';

export const OWNER: TgUser = { id: 1001, first_name: 'Olive', username: 'owner' };
export const ANN: TgUser = { id: 2002, first_name: 'Ann' };
export const BOB: TgUser = { id: 3003, first_name: 'Bob' };
export const GROUP_ID = -100_500;

/**
 * A model that does what the message says: `run: CMD` proposes run_command,
 * `read: PATH` proposes read_file, anything else is echoed; a tool result is
 * summarised in the answer.
 */
export const obedientModel: Script = (request) => {
  const results = toolResultsOf(request);
  if (results.length > 0) return { text: `Tool said: ${results.map((r) => r.content).join(' | ').slice(0, 600)}` };
  const text = lastUserTextOf(request);
  const run = /run: (.+)$/m.exec(text);
  if (run) return { toolCalls: [{ name: 'run_command', arguments: { command: run[1] } }] };
  const read = /read: (\S+)/.exec(text);
  if (read) return { toolCalls: [{ name: 'read_file', arguments: { path: read[1] } }] };
  return { text: `echo: ${text}` };
};

/** Options of one fixture. */
export interface GatewayFixtureOptions {
  /** Merged over the Telegram section's defaults below. */
  readonly telegram?: Record<string, unknown>;
  readonly config?: Record<string, unknown>;
  readonly script?: Script;
  readonly files?: Record<string, string>;
  /** Do not start the gateway (tests that start it themselves). */
  readonly noStart?: boolean;
}

/** A running gateway and everything around it. */
export interface GatewayFixture {
  readonly tg: TelegramServer;
  readonly model: ModelServer;
  readonly home: string;
  readonly workspace: string;
  readonly configFile: string;
  readonly env: NodeJS.ProcessEnv;
  readonly clock: { now: number };
  readonly log: string[];
  running: RunningGateway | undefined;
  start(): Promise<RunningGateway>;
  /** Runs the CLI (pairing, secrets …) in this home: exit code and output. `pairing` runs on the fixture's clock. */
  cli(args: readonly string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }>;
  audit(): AuditEvent[];
  gatewayMessages(): AuditEventOf<'gateway-message'>[];
  /** Resolves once `predicate` holds for the audit log (polled), or rejects after `timeoutMs`. */
  waitForAudit(predicate: (events: AuditEvent[]) => boolean, timeoutMs?: number): Promise<AuditEvent[]>;
  cleanup(): Promise<void>;
}

export const PASSPHRASE = 'gateway suite passphrase';

/** Builds the fixture and (unless `noStart`) starts the gateway. */
export async function gatewayFixture(options: GatewayFixtureOptions = {}): Promise<GatewayFixture> {
  const home = mkdtempSync(join(tmpdir(), 'clawdock-gw-home-'));
  const workspace = makeWorkspace(options.files ?? { 'README.md': '# demo\n' }, 'clawdock-gw-ws-');
  const tg = await startTelegramServer();
  const model = await startModelServer({ script: options.script ?? obedientModel, apiKey: 'test-key' });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, CLAWDOCK_HOME: home, CLAWDOCK_SECRETS_PASSPHRASE: PASSPHRASE, CLAWDOCK_SECRETS_KEYCHAIN: 'off', ANTHROPIC_API_KEY: 'test-key',
    ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
  };
  writeFileSync(join(home, 'settings.json'), JSON.stringify(Object.fromEntries(Object.entries(LEAN_SETTINGS).map(([k, v]) => [`clawdock.${k}`, v]))));
  new SecretsVault({ home, env }).set('telegram.bot', tg.token);
  const config = {
    providers: {
      telegram: {
        token: { secret: 'telegram.bot' }, apiRoot: tg.url, owner: String(OWNER.id), pollTimeoutSeconds: 1,
        ...options.telegram,
      },
    },
    agent: { provider: 'anthropic', model: 'claude-sonnet-4-5', baseUrl: model.url, maxTurns: 6 },
    shutdownGraceSeconds: 5,
    ...options.config,
  };
  const configFile = join(home, 'gateway.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const clock = { now: Date.now() };
  const log: string[] = [];
  const auditDir = join(home, 'audit', auditWorkspaceKey(workspace));
  const readAudit = (): AuditEvent[] => {
    let files: string[];
    try {
      files = readdirSync(auditDir).filter((f) => f.endsWith('.jsonl')).sort();
    } catch {
      return [];
    }
    return files.flatMap((f) => readFileSync(join(auditDir, f), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { event: AuditEvent }).event));
  };

  const fixture: GatewayFixture = {
    tg, model, home, workspace, configFile, env, clock, log, running: undefined,
    async start() {
      const line = (level: string) => (m: string) => void log.push(`${level} ${m}`);
      fixture.running = await openGateway({
        configFile, workspace, env, now: () => clock.now, backoff: { initialMs: 20, maxMs: 200 },
        logger: { debug: () => undefined, info: line('info'), warn: line('warn'), error: line('error') },
      });
      fixture.running.done.catch((error: unknown) => log.push(`failed ${(error as Error).message}`));
      return fixture.running;
    },
    async cli(args, stdin = '') {
      let stdout = '';
      let stderr = '';
      const input = new PassThrough();
      input.end(stdin);
      const io = { stdout: (t: string | Buffer) => void (stdout += String(t)), stderr: (t: string | Buffer) => void (stderr += String(t)), stdin: input, env, cwd: workspace };
      // `pairing` runs on the fixture's clock, like the gateway (code expiry without sleeping).
      const code = args[0] === 'pairing'
        ? await runPairingCommand(args.slice(1), io, () => clock.now).catch((error: unknown) => (stderr += `clawdock: ${(error as Error).message}\n`, 1))
        : await runCli(args, io);
      return { code, stdout, stderr };
    },
    audit: readAudit,
    gatewayMessages: () => readAudit().filter((e): e is AuditEventOf<'gateway-message'> => e.type === 'gateway-message'),
    async waitForAudit(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const events = readAudit();
        if (predicate(events)) return events;
        if (Date.now() > deadline) throw new Error(`the audit log never matched; gateway messages: ${JSON.stringify(events.filter((e) => e.type === 'gateway-message').map((e) => [(e as AuditEventOf<'gateway-message'>).sender, (e as AuditEventOf<'gateway-message'>).decision, (e as AuditEventOf<'gateway-message'>).reason]))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async cleanup() {
      await fixture.running?.stop(0).catch(() => undefined);
      await fixture.cli(['sandbox', 'down', '--workspace', workspace]).catch(() => undefined);
      await tg.close();
      await model.close();
      rmSync(home, { recursive: true, force: true });
      rmSync(workspace, { recursive: true, force: true });
    },
  };
  if (!options.noStart) {
    try {
      await fixture.start();
    } catch (error) {
      await fixture.cleanup();
      throw error;
    }
  }
  return fixture;
}
