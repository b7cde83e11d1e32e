import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { SandboxError, UsageError } from '../core/errors';
import { auditedExec, createEngine, pruneSandboxes, readSandboxSettings, Sandbox, type SandboxStatus } from '../sandbox';
import { flagNumber, flagString, parseArgs, type ParsedArgs } from './args';
import { grantedEnvFromSecrets, openCliAudit, type CliAudit } from './cli-audit';
import { readCliSettings } from './cli-settings';
import { EXIT, type CliIo } from './io';

export const SANDBOX_USAGE = `usage:
  clawdock sandbox up|status|down [--workspace DIR] [--json]
  clawdock sandbox exec [--workspace DIR] [--timeout S] -- CMD ARGS…
  clawdock sandbox exec --json-lines [--workspace DIR]
  clawdock sandbox prune [--older-than DAYS] [--json]`;

/** The sandbox of `--workspace` (default: the current folder) with the CLI's settings and granted secrets. */
export function openSandbox(args: ParsedArgs, io: CliIo): Sandbox {
  const settings = readSandboxSettings(readCliSettings(io.env));
  const workspace = resolve(io.cwd, flagString(args, 'workspace') ?? '.');
  const sandbox = new Sandbox({ workspace, settings, engine: createEngine(settings, io.env), grantedEnv: () => grantedEnvFromSecrets(io.env) });
  sandbox.onDidProgress((p) => io.stderr(`clawdock: ${p.message}${p.percent !== undefined ? ` (${p.percent}%)` : ''}\n`));
  return sandbox;
}

function describe(status: SandboxStatus): string {
  const lines = [
    `sandbox   ${status.state}${status.upToDate || status.state === 'absent' ? '' : ' (settings changed; recreated when idle)'}`,
    `container ${status.containerName}${status.containerId ? ` (${status.containerId.slice(0, 12)})` : ''}`,
    `workspace ${status.workspace} → /workspace (${status.access})`,
    `image     ${status.image ?? '-'}`,
    `engine    ${status.engine}`,
  ];
  if (status.loosened.length > 0) lines.push(`LOOSENED  ${status.loosened.join(', ')}`);
  if (status.detail) lines.push(`detail    ${status.detail}`);
  return `${lines.join('\n')}\n`;
}

/** `clawdock sandbox …`: returns the process exit code. */
export async function runSandboxCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...tail] = argv;
  const args = parseArgs(tail, ['workspace', 'timeout', 'older-than'], ['json', 'json-lines']);
  const json = args.flags.has('json');
  switch (sub) {
    case 'up':
    case 'status':
    case 'down': {
      if (args.positionals.length > 0 || args.rest.length > 0) throw new UsageError(`unexpected arguments: ${[...args.positionals, ...args.rest].join(' ')}`);
      const sandbox = openSandbox(args, io);
      const audit = sub === 'status' ? undefined : await openCliAudit(sandbox.workspace.realPath, io.env);
      try {
        if (sub === 'down') {
          await audit?.log.append({ type: 'sandbox', caller: audit.caller, action: 'down' });
          await sandbox.down();
          io.stdout(json ? `${JSON.stringify({ removed: sandbox.workspace.containerName })}\n` : `removed ${sandbox.workspace.containerName}\n`);
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
      return args.flags.has('json-lines') ? execJsonLines(args, io) : execOnce(args, io);
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

async function execOnce(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.rest.length === 0) throw new UsageError('exec needs a command after --');
  if (args.positionals.length > 0) throw new UsageError(`unexpected arguments before --: ${args.positionals.join(' ')}; put the command after --`);
  const timeout = flagNumber(args, 'timeout');
  const sandbox = openSandbox(args, io);
  const audit = await openCliAudit(sandbox.workspace.realPath, io.env);
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
async function execJsonLines(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.rest.length > 0 || args.positionals.length > 0) throw new UsageError('--json-lines reads commands from stdin; give no command');
  const sandbox = openSandbox(args, io);
  const audit: CliAudit = await openCliAudit(sandbox.workspace.realPath, io.env);
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
        io.stdout(`${JSON.stringify({ id, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, timedOut: r.timedOut, truncated: r.truncated, durationMs: Math.round(r.durationMs * 1000) / 1000 })}\n`);
      } catch (err) {
        if (!(err instanceof SandboxError) && !(err instanceof Error && err.name === 'PathEscapeError')) throw err;
        io.stdout(`${JSON.stringify({ id, error: err.message })}\n`);
      }
    }
    return EXIT.ok;
  } finally {
    sandbox.dispose();
    await audit.close();
  }
}
