import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { ShadowWorkspace, type ChangeSet } from '../changes';
import { clawdockHome } from '../core/clawdock-home';
import { SandboxError, UsageError } from '../core/errors';
import { auditedExec, createEngine, pruneSandboxes, readSandboxSettings, Sandbox, SANDBOX_NETWORKS, sandboxStatusFields, WORKSPACE_ACCESS_MODES, type SandboxSettings, type SandboxStatus } from '../sandbox';
import { egressAuditEvent, readEgressSettings } from '../egress';
import { flagNumber, flagString, parseArgs, type ParsedArgs } from './args';
import { boundSecretsFromVault, grantedEnvFromSecrets, openCliAudit, type CliAudit } from './cli-audit';
import { readCliSettings } from './cli-settings';
import { EXIT, type CliIo } from './io';

export const SANDBOX_USAGE = `usage:
  clawdock sandbox up|status|down [--workspace DIR] [--access shadow|rw|ro] [--network none|allowlist] [--allow-domain D]… [--json]
  clawdock sandbox exec [--workspace DIR] [--access shadow|rw|ro] [--network none|allowlist] [--allow-domain D]… [--timeout S] -- CMD ARGS…
  clawdock sandbox exec --json-lines [--workspace DIR] [--access shadow|rw|ro] [--network none|allowlist] [--allow-domain D]…
  clawdock sandbox prune [--older-than DAYS] [--json]`;

/** The CLI's sandbox settings, with `--access` and `--network` (a flag beats settings.json) applied. */
export function cliSandboxSettings(args: ParsedArgs, io: CliIo): SandboxSettings {
  let settings = readSandboxSettings(readCliSettings(io.env));
  const access = flagString(args, 'access');
  if (access !== undefined) {
    if (!(WORKSPACE_ACCESS_MODES as readonly string[]).includes(access)) throw new UsageError(`--access must be one of ${WORKSPACE_ACCESS_MODES.join(', ')}`);
    settings = { ...settings, workspaceAccess: access as SandboxSettings['workspaceAccess'] };
  }
  const network = flagString(args, 'network');
  if (network !== undefined) {
    if (!(SANDBOX_NETWORKS as readonly string[]).includes(network)) throw new UsageError(`--network must be one of ${SANDBOX_NETWORKS.join(', ')}`);
    settings = { ...settings, network: network as SandboxSettings['network'] };
  }
  return settings;
}

/** What a CLI sandbox may be given beyond its settings. */
export interface CliSandboxExtras {
  /** `--allow-domain` entries: the person typing them is the user, so they count as user entries. */
  readonly allowDomains?: readonly string[];
  /** The audit log the egress proxy records to (opened by the caller). */
  readonly audit?: () => CliAudit | undefined;
}

/** A sandbox for the CLI: its settings, granted secrets, shadow layers under `$CLAWDOCK_HOME/shadow`, the egress proxy's rules and audit, progress on stderr. */
export function cliSandbox(workspace: string, settings: SandboxSettings, io: CliIo, extras: CliSandboxExtras = {}): Sandbox {
  const sandbox = new Sandbox({
    workspace, settings, engine: createEngine(settings, io.env), grantedEnv: () => grantedEnvFromSecrets(io.env), stateRoot: join(clawdockHome(io.env), 'shadow'),
    egress: {
      settings: () => readEgressSettings({ user: readCliSettings(io.env), workspaceTrusted: true, allowDomains: extras.allowDomains ?? [] }),
      // Issue 16: values go to the proxy only; commands see placeholders.
      secrets: () => boundSecretsFromVault(io.env),
      audit: async (record) => {
        const audit = extras.audit?.();
        if (!audit) throw new Error('the audit log is not open');
        await audit.log.append(egressAuditEvent(record, { caller: audit.caller }));
      },
    },
  });
  sandbox.onDidProgress((p) => io.stderr(`clawdock: ${p.message}${p.percent !== undefined ? ` (${p.percent}%)` : ''}\n`));
  return sandbox;
}

/** The sandbox of `--workspace` (default: the current folder) with the CLI's settings and granted secrets. */
export function openSandbox(args: ParsedArgs, io: CliIo, extras: CliSandboxExtras = {}): Sandbox {
  return cliSandbox(resolve(io.cwd, flagString(args, 'workspace') ?? '.'), cliSandboxSettings(args, io), io, extras);
}

/** `--allow-domain D` may be given several times; the other flags once. */
function takeAllowDomains(argv: readonly string[]): { rest: string[]; domains: string[] } {
  const rest: string[] = [];
  const domains: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (a === '--allow-domain') {
      const v = argv[++i];
      if (v === undefined) throw new UsageError('--allow-domain needs a domain');
      domains.push(v);
    } else if (a.startsWith('--allow-domain=')) domains.push(a.slice('--allow-domain='.length));
    else rest.push(a);
  }
  return { rest, domains };
}

/** The change set of a shadowed CLI sandbox, recording to the CLI's audit log. */
export function cliChanges(sandbox: Sandbox, audit: CliAudit, io: CliIo): ShadowWorkspace {
  return new ShadowWorkspace({ sandbox, stateRoot: clawdockHome(io.env), audit: audit.log, caller: audit.caller });
}

/** One line for stderr after a command in a shadow workspace. */
export function changeNote(set: ChangeSet & { readonly autoApplied: readonly string[] }): string {
  const parts: string[] = [];
  if (set.autoApplied.length > 0) parts.push(`applied ${set.autoApplied.length} change(s) to the folder (applyChanges: auto; \`clawdock changes undo\` puts them back)`);
  const held = set.entries.filter((e) => e.held).length;
  const kept = set.entries.filter((e) => e.kept && !e.held).length;
  const waiting = set.entries.length - held - kept;
  if (waiting > 0) parts.push(`${waiting} change(s) wait for review`);
  if (held > 0) parts.push(`${held} host-executed path(s) held`);
  if (kept > 0) parts.push(`${kept} ignored file(s) kept in the sandbox`);
  return parts.length === 0 ? '' : `clawdock: shadow workspace: ${parts.join('; ')} — \`clawdock changes list\`\n`;
}

function describe(status: SandboxStatus): string {
  return sandboxStatusFields(status).map((f) => `${f.label.padEnd(17)} ${f.value}${f.label === 'Loosened' ? ' (hardening loosened)' : ''}`).join('\n') + '\n';
}

/** `clawdock sandbox …`: returns the process exit code. */
export async function runSandboxCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...all] = argv;
  const { rest: tail, domains } = takeAllowDomains(all);
  const args = parseArgs(tail, ['workspace', 'timeout', 'older-than', 'access', 'network'], ['json', 'json-lines']);
  if (domains.length > 0 && flagString(args, 'network') === undefined) throw new UsageError('--allow-domain needs --network allowlist');
  const json = args.flags.has('json');
  switch (sub) {
    case 'up':
    case 'status':
    case 'down': {
      if (args.positionals.length > 0 || args.rest.length > 0) throw new UsageError(`unexpected arguments: ${[...args.positionals, ...args.rest].join(' ')}`);
      const ref: { audit?: CliAudit } = {};
      const sandbox = openSandbox(args, io, { allowDomains: domains, audit: () => ref.audit });
      const audit = sub === 'status' ? undefined : await openCliAudit(sandbox.workspace.realPath, io.env);
      ref.audit = audit;
      try {
        if (sub === 'down') {
          await audit?.log.append({ type: 'sandbox', caller: audit.caller, action: 'down' });
          await sandbox.down();
          const layout = await sandbox.shadowLayout().catch(() => undefined);
          io.stdout(json ? `${JSON.stringify({ removed: sandbox.workspace.containerName })}\n` : `removed ${sandbox.workspace.containerName}${layout ? ' (the shadow layer\'s changes stay for `clawdock changes`)' : ''}\n`);
          return EXIT.ok;
        }
        const status = sub === 'up' ? await sandbox.up() : await sandbox.status();
        if (audit) await audit.log.append({ type: 'sandbox', caller: audit.caller, action: 'up', ...(status.containerId ? { containerId: status.containerId } : {}), ...(status.image ? { image: status.image } : {}) });
        io.stdout(json ? `${JSON.stringify(status)}\n` : describe(status));
        return status.state === 'unreachable' ? EXIT.engine : EXIT.ok;
      } finally {
        sandbox.dispose();
        await audit?.close();
      }
    }
    case 'exec':
      return args.flags.has('json-lines') ? execJsonLines(args, io, domains) : execOnce(args, io, domains);
    case 'prune': {
      const settings = readSandboxSettings(readCliSettings(io.env));
      const days = args.flags.has('older-than') ? Number(flagString(args, 'older-than')) : settings.pruneAfterDays;
      if (!Number.isFinite(days) || days < 0) throw new UsageError('--older-than needs a number of days (0 or more)');
      const removed = await pruneSandboxes(createEngine(settings, io.env), days);
      if (json) io.stdout(`${JSON.stringify({ removed })}\n`);
      else io.stdout(removed.length === 0 ? 'nothing to prune\n' : removed.map((r) => `removed ${r.name} (${r.reason})\n`).join(''));
      return EXIT.ok;
    }
    default:
      throw new UsageError(sub ? `unknown sandbox command ${JSON.stringify(sub)}` : 'missing sandbox command');
  }
}

async function execOnce(args: ParsedArgs, io: CliIo, domains: readonly string[]): Promise<number> {
  if (args.rest.length === 0) throw new UsageError('exec needs a command after --');
  if (args.positionals.length > 0) throw new UsageError(`unexpected arguments before --: ${args.positionals.join(' ')}; put the command after --`);
  const timeout = flagNumber(args, 'timeout');
  const ref: { audit?: CliAudit } = {};
  const sandbox = openSandbox(args, io, { allowDomains: domains, audit: () => ref.audit });
  const audit = await openCliAudit(sandbox.workspace.realPath, io.env);
  ref.audit = audit;
  // Made before the command, so it sees when the command started (a folder edit meanwhile is a conflict).
  const changes = sandbox.currentSettings.workspaceAccess === 'shadow' ? cliChanges(sandbox, audit, io) : undefined;
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  try {
    const result = await auditedExec(
      sandbox,
      audit,
      { argv: args.rest, ...(timeout ? { timeoutMs: timeout * 1000 } : {}) },
      { caller: audit.caller },
      { onStdout: (c) => io.stdout(c), onStderr: (c) => io.stderr(c), signal: abort.signal },
    );
    if (changes) io.stderr(changeNote(await changes.afterCommand()));
    for (const refusal of result.networkRefusals ?? []) io.stderr(`clawdock: ${refusal}\n`);
    if (result.truncated) io.stderr('clawdock: output was truncated at `clawdock.sandbox.outputCapBytes`\n');
    if (result.oomKilled) io.stderr('clawdock: the command was killed: the sandbox ran out of memory (raise `clawdock.sandbox.memoryMb`)\n');
    if (result.timedOut) {
      io.stderr(`clawdock: the command timed out after ${timeout ?? sandbox.currentSettings.defaultTimeoutSeconds} s and was killed with its process group\n`);
      return EXIT.timedOut;
    }
    return result.exitCode;
  } catch (err) {
    if (err instanceof SandboxError && /could not start/.test(err.message)) {
      io.stderr(`clawdock: ${err.message}\n`);
      return EXIT.cannotStart;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    changes?.dispose();
    sandbox.dispose();
    await audit.close();
  }
}

interface JsonLineRequest {
  id?: unknown;
  argv?: unknown;
  cwd?: unknown;
  timeoutMs?: unknown;
}

/** One JSON request per stdin line, one JSON result per stdout line, the sandbox kept warm between them. */
async function execJsonLines(args: ParsedArgs, io: CliIo, domains: readonly string[]): Promise<number> {
  if (args.rest.length > 0 || args.positionals.length > 0) throw new UsageError('--json-lines reads commands from stdin; give no command');
  const ref: { audit?: CliAudit } = {};
  const sandbox = openSandbox(args, io, { allowDomains: domains, audit: () => ref.audit });
  const audit: CliAudit = await openCliAudit(sandbox.workspace.realPath, io.env);
  ref.audit = audit;
  const changes = sandbox.currentSettings.workspaceAccess === 'shadow' ? cliChanges(sandbox, audit, io) : undefined;
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      let req: JsonLineRequest;
      try {
        req = JSON.parse(line) as JsonLineRequest;
      } catch {
        io.stdout(`${JSON.stringify({ id: null, error: 'the line is not JSON' })}\n`);
        continue;
      }
      const id = req.id ?? null;
      const argv = req.argv;
      if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === 'string')) {
        io.stdout(`${JSON.stringify({ id, error: '"argv" must be a non-empty array of strings' })}\n`);
        continue;
      }
      if (req.cwd !== undefined && typeof req.cwd !== 'string') {
        io.stdout(`${JSON.stringify({ id, error: '"cwd" must be a string' })}\n`);
        continue;
      }
      if (req.timeoutMs !== undefined && (typeof req.timeoutMs !== 'number' || !(req.timeoutMs > 0))) {
        io.stdout(`${JSON.stringify({ id, error: '"timeoutMs" must be a positive number' })}\n`);
        continue;
      }
      try {
        const r = await auditedExec(sandbox, audit, { argv: argv as string[], ...(req.cwd ? { cwd: req.cwd } : {}), ...(req.timeoutMs ? { timeoutMs: req.timeoutMs } : {}) }, { caller: audit.caller, ...(id !== null && String(id) !== '' ? { callId: String(id).slice(0, 200) } : {}) });
        const set = changes ? await changes.afterCommand() : undefined;
        const shadow = set ? { changes: { waiting: set.entries.filter((e) => !e.held && !e.kept).length, held: set.entries.filter((e) => e.held).map((e) => e.path), kept: set.entries.filter((e) => e.kept && !e.held).length, autoApplied: set.autoApplied } } : {};
        io.stdout(`${JSON.stringify({ id, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, timedOut: r.timedOut, truncated: r.truncated, durationMs: Math.round(r.durationMs * 1000) / 1000, ...shadow, ...(r.networkRefusals?.length ? { networkRefusals: r.networkRefusals } : {}) })}\n`);
      } catch (err) {
        if (!(err instanceof SandboxError) && !(err instanceof Error && err.name === 'PathEscapeError')) throw err;
        io.stdout(`${JSON.stringify({ id, error: err.message })}\n`);
      }
    }
    return EXIT.ok;
  } finally {
    changes?.dispose();
    sandbox.dispose();
    await audit.close();
  }
}
