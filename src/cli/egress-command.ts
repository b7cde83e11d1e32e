import { readFile } from 'node:fs/promises';
import { formatEventLine, listDayFiles, parseEntryLine, type AuditEntry } from '../audit';
import { UsageError } from '../core/errors';
import { parseArgs } from './args';
import { workspaceAudit } from './audit-command';
import { EXIT, type CliIo } from './io';

export const EGRESS_USAGE = `  clawdock egress log [--workspace DIR] [--json]`;

/** Every `egress` entry of a workspace's audit log, oldest first (a damaged line is skipped; `audit verify` names it). */
export async function* egressEntries(dir: string): AsyncGenerator<AuditEntry> {
  for (const file of await listDayFiles(dir)) {
    for (const raw of (await readFile(file.path, 'utf8')).split('\n')) {
      if (!raw.includes('"egress"')) continue;
      const parsed = parseEntryLine(raw);
      if (parsed.ok && parsed.entry.event.type === 'egress') yield parsed.entry;
    }
  }
}

/** `clawdock egress log`: every connection the sandbox's egress proxy allowed, refused or failed, with the command that made it. */
export async function runEgressCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...tail] = argv;
  const args = parseArgs(tail, ['workspace'], ['json']);
  switch (sub) {
    case 'log': {
      if (args.positionals.length > 0 || args.rest.length > 0) throw new UsageError('egress log takes only --workspace and --json');
      const { dir } = workspaceAudit(args, io);
      for await (const entry of egressEntries(dir)) {
        io.stdout(args.flags.has('json') ? `${JSON.stringify({ ts: entry.ts, seq: entry.seq, ...entry.event })}\n` : `${formatEventLine(entry)}\n`);
      }
      return EXIT.ok;
    }
    default:
      throw new UsageError(sub ? `unknown egress command ${JSON.stringify(sub)}` : 'missing egress command');
  }
}
