import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { auditWorkspaceKey, defaultAuditRoot, exportAudit, formatEventLine, tailAudit, verifyFiles, verifyWorkspace, workspaceAuditDir, type VerifyResult } from '../audit';
import { UsageError } from '../core/errors';
import { flagString, parseArgs, type ParsedArgs } from './args';
import { readHeadAnchor } from './cli-audit';
import { EXIT, type CliIo } from './io';

export const AUDIT_USAGE = `  clawdock audit verify [FILE…|--workspace DIR] [--json]
  clawdock audit export [--workspace DIR] [--since DATE] [--format jsonl|csv]
  clawdock audit tail [--workspace DIR] [--lines N] [--follow]`;

/** The real path of `--workspace` (default: the current folder), its audit key and audit folder. */
export function workspaceAudit(args: ParsedArgs, io: CliIo): { realPath: string; dir: string; key: string } {
  const folder = resolve(io.cwd, flagString(args, 'workspace') ?? '.');
  let realPath: string;
  try {
    realPath = realpathSync(folder);
  } catch {
    throw new UsageError(`workspace folder ${folder} does not exist`);
  }
  const key = auditWorkspaceKey(realPath);
  return { realPath, dir: workspaceAuditDir(defaultAuditRoot(io.env), key), key };
}

function describeVerify(result: VerifyResult): string {
  if (result.ok) return `audit chain holds: ${result.lines} line(s) in ${result.files} file(s), head ${result.head.slice(0, 16)}\n`;
  const b = result.break;
  return `audit chain BROKEN at ${b.file}:${b.line} — ${b.reason}: ${b.detail}\n`;
}

/** `clawdock audit …`: returns the process exit code (verify: 0 when the chain holds, 1 when it breaks). */
export async function runAuditCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...tail] = argv;
  const args = parseArgs(tail, ['workspace', 'since', 'format', 'lines'], ['json', 'follow']);
  switch (sub) {
    case 'verify': {
      if (args.rest.length > 0) throw new UsageError('verify takes files or --workspace, not a command');
      if (args.positionals.length > 0 && args.flags.has('workspace')) throw new UsageError('give FILE… or --workspace, not both');
      let result: VerifyResult;
      if (args.positionals.length > 0) {
        result = await verifyFiles(args.positionals.map((f) => resolve(io.cwd, f)));
      } else {
        const { dir, key } = workspaceAudit(args, io);
        const expectHead = readHeadAnchor(io.env, key);
        result = await verifyWorkspace(dir, expectHead ? { expectHead } : {});
      }
      io.stdout(args.flags.has('json') ? `${JSON.stringify(result)}\n` : describeVerify(result));
      return result.ok ? EXIT.ok : EXIT.failure;
    }
    case 'export': {
      const format = flagString(args, 'format') ?? 'jsonl';
      if (format !== 'jsonl' && format !== 'csv') throw new UsageError('--format is jsonl or csv');
      const since = flagString(args, 'since');
      if (since !== undefined && Number.isNaN(Date.parse(since))) throw new UsageError(`--since needs a date or time, got ${JSON.stringify(since)}`);
      const { dir } = workspaceAudit(args, io);
      for await (const chunk of exportAudit({ dir, format, ...(since ? { since } : {}) })) io.stdout(chunk);
      return EXIT.ok;
    }
    case 'tail': {
      const lines = flagString(args, 'lines');
      const n = lines === undefined ? 10 : Number(lines);
      if (!Number.isInteger(n) || n < 0) throw new UsageError('--lines needs a whole number');
      const { dir } = workspaceAudit(args, io);
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once('SIGINT', stop);
      try {
        for await (const line of tailAudit({ dir, lines: n, follow: args.flags.has('follow'), signal: abort.signal })) {
          io.stdout(`${line.entry ? formatEventLine(line.entry) : line.raw}\n`);
        }
      } finally {
        process.off('SIGINT', stop);
      }
      return EXIT.ok;
    }
    default:
      throw new UsageError(sub ? `unknown audit command ${JSON.stringify(sub)}` : 'missing audit command');
  }
}
