// `clawdock backup` and `clawdock restore` (issue 15.3): the CLI's state folder
// into one archive and back (src/backup). A restore checks the whole archive
// and verifies every audit chain before it writes anything.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { createBackup, HOME_EXCLUDED, restoreBackup, RestoreConflictError, type BackupSource, type RestoreReport } from '../backup';
import { UsageError } from '../core/errors';
import { workspaceKey } from '../core/workspace-key';
import { flagString, parseArgs } from './args';
import { clawdockHome } from './cli-settings';
import { EXIT, type CliIo } from './io';

export const BACKUP_USAGE = `  clawdock backup [--workspace DIR | --all] --out FILE [--json]
  clawdock restore FILE [--dry-run] [--force] [--json]`;

const BACKUP_HELP = `usage:
${BACKUP_USAGE}

backup writes one archive (gzip, 0600; never over an existing file) of $CLAWDOCK_HOME:
  audit logs (whole lines only, so every chain is intact), their heads, agent sessions,
  settings.json, policy.json, gateway.json, gateway pairings, the encrypted vault (secrets.vault),
  and the shadow workspace: each layer's change-set state, its undo history — and its upper
  layer, which is WORKSPACE CONTENT: the sandbox's changes you have not reviewed yet.
  --workspace DIR (default: the current folder) takes that workspace's state and the shared
  files; --all takes every workspace's. The archive is read back and every chain verified
  before backup says it is done.
  Left out on purpose: ${HOME_EXCLUDED.map((e) => e.path).join(', ')} (plain secrets, this machine's
  device key, per-run tokens). The vault stays encrypted: a restored vault opens with the same
  CLAWDOCK_SECRETS_PASSPHRASE (or keychain passphrase) as before.

restore reads the whole archive into a private staging folder, checks every file's sha256
  and the archive's closing digest, verifies every audit chain (against its head when the
  archive has one), and compares each file with what is here: a newer audit log or head, or a
  file changed after the backup, is refused unless --force. Only then does it write: state as
  0600 files in 0700 folders, shadow layers with their own modes (and owners, as root).
  --dry-run checks and lists, writes nothing. Stop the sandboxes first (clawdock sandbox down):
  a running sandbox has its shadow layer mounted. Deletions in a shadow layer are device
  nodes, which only root can make.
  The archive carries no secret key: it finds damage and a changed audit line, but whoever can
  rewrite the archive can change other files consistently. Keep it where only you can write.

Exit: 0 done, 1 refused (damaged archive, a chain that does not verify, newer state), 2 usage.
`;

/** `clawdock backup …` / `clawdock restore …`: returns the exit code. */
export async function runBackupCommand(command: 'backup' | 'restore', argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['workspace', 'out'], ['all', 'dry-run', 'force', 'json', 'help']);
  if (args.flags.has('help')) {
    io.stdout(BACKUP_HELP);
    return EXIT.ok;
  }
  const home = clawdockHome(io.env);
  const json = args.flags.has('json');
  return command === 'backup' ? backup(args, io, home, json) : restore(args, io, home, json);
}

async function backup(args: ReturnType<typeof parseArgs>, io: CliIo, home: string, json: boolean): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`unexpected arguments: ${args.positionals.join(' ')}`);
  const out = flagString(args, 'out');
  if (out === undefined) throw new UsageError('backup needs --out FILE');
  if (args.flags.has('all') && args.flags.has('workspace')) throw new UsageError('give --workspace DIR or --all, not both');
  const sources: BackupSource[] = [{ root: 'home', dir: home }];
  let scope: Parameters<typeof createBackup>[0]['scope'] = 'all';
  if (!args.flags.has('all')) {
    const workspace = realWorkspace(resolve(io.cwd, flagString(args, 'workspace') ?? '.'));
    scope = { keys: [workspaceKey(workspace)], workspaces: [workspace] };
  }
  const summary = await createBackup({ sources, scope, out: resolve(io.cwd, out) });
  for (const s of summary.skipped) io.stderr(`clawdock: ${s}\n`);
  if (json) io.stdout(`${JSON.stringify(summary)}\n`);
  else io.stdout(`backed up ${summary.files} files (${mb(summary.bytes)}) of ${summary.workspaces.length} workspace(s) to ${summary.out}; ${summary.chains} audit chain(s) verified\n`);
  return EXIT.ok;
}

async function restore(args: ReturnType<typeof parseArgs>, io: CliIo, home: string, json: boolean): Promise<number> {
  const [file, ...extra] = args.positionals;
  if (file === undefined) throw new UsageError('restore needs the archive: clawdock restore FILE [--dry-run]');
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  let report: RestoreReport;
  try {
    report = await restoreBackup(resolve(io.cwd, file), { targets: { home }, dryRun: args.flags.has('dry-run'), force: args.flags.has('force') });
  } catch (error) {
    if (!(error instanceof RestoreConflictError)) throw error;
    if (json) io.stdout(`${JSON.stringify({ restored: false, conflicts: error.conflicts })}\n`);
    io.stderr(`clawdock: ${error.message}\n`);
    for (const c of error.conflicts.slice(0, 20)) io.stderr(`  ${c.root}/${c.path}: ${c.why}\n`);
    return EXIT.failure;
  }
  if (json) {
    io.stdout(`${JSON.stringify({ restored: !report.dryRun, ...report })}\n`);
    return report.conflicts.length > 0 ? EXIT.failure : EXIT.ok;
  }
  const chains = `${report.chains.length} audit chain(s) verified (${report.chains.reduce((n, c) => n + c.lines, 0)} lines)`;
  if (report.dryRun) {
    io.stdout(`${file} is intact; ${chains}. A restore into ${home} would write ${report.written.length} file(s), leave ${report.unchanged} unchanged${report.conflicts.length > 0 ? `, and is refused: ${report.conflicts.length} newer here (--force replaces them)` : ''}.\n`);
    for (const w of report.written.slice(0, 50)) io.stdout(`  write ${w}\n`);
    if (report.written.length > 50) io.stdout(`  … and ${report.written.length - 50} more\n`);
    for (const c of report.conflicts.slice(0, 50)) io.stdout(`  newer ${c.root}/${c.path}: ${c.why}\n`);
    return report.conflicts.length > 0 ? EXIT.failure : EXIT.ok;
  }
  io.stdout(`restored ${report.written.length} file(s) into ${home} (${report.unchanged} already as in the backup); ${chains}\n`);
  return EXIT.ok;
}

function realWorkspace(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    throw new UsageError(`the workspace ${path} does not exist`);
  }
}

function mb(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
