// `clawdock changes …`: a shadowed workspace's change set from the terminal —
// list it, see a diff, accept or reject by path (or every ordinary change),
// and undo the last applied change. Host-executed paths are never part of
// `--all` unless `--include-held` names them, one by one, on stderr.
import { createTwoFilesPatch } from 'diff';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApplyReport, ChangeEntry, ShadowWorkspace } from '../changes';
import { describeEntry, readHostFile } from '../changes';
import { UsageError } from '../core/errors';
import { visible } from '../core/display/visible';
import { toWorkspaceRelative } from '../sandbox';
import { parseArgs, type ParsedArgs } from './args';
import { openCliAudit } from './cli-audit';
import { EXIT, type CliIo } from './io';
import { cliChanges, openSandbox } from './sandbox-command';
import type { Sandbox } from '../sandbox';

export const CHANGES_USAGE = `usage:
  clawdock changes list [--workspace DIR] [--json]
  clawdock changes diff [--workspace DIR] [PATH…]
  clawdock changes accept [--workspace DIR] (PATH…|--all) [--include-held]
  clawdock changes reject [--workspace DIR] (PATH…|--all)
  clawdock changes undo [--workspace DIR]`;

/** `clawdock changes …`: returns the exit code (1 when anything asked for was refused). */
export async function runChangesCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...tail] = argv;
  const args = parseArgs(tail, ['workspace'], ['json', 'all', 'include-held']);
  if (args.rest.length > 0) throw new UsageError(`unexpected arguments after --: ${args.rest.join(' ')}`);
  if (!['list', 'diff', 'accept', 'reject', 'undo'].includes(sub ?? '')) throw new UsageError(sub ? `unknown changes command ${JSON.stringify(sub)}` : 'missing changes command');
  const sandbox = openSandbox(args, io);
  if (sandbox.currentSettings.workspaceAccess !== 'shadow' && sub !== 'undo') {
    sandbox.dispose();
    throw new UsageError(`the workspace is not shadowed (clawdock.sandbox.workspaceAccess is "${sandbox.currentSettings.workspaceAccess}"): commands write it directly, so there is no change set`);
  }
  const audit = await openCliAudit(sandbox.workspace.realPath, io.env);
  const changes = cliChanges(sandbox, audit, io);
  try {
    switch (sub) {
      case 'list':
        return await list(changes, args, io);
      case 'diff':
        return await diff(changes, sandbox, args, io);
      case 'accept':
        return await accept(changes, args, io);
      case 'reject':
        return await reject(changes, args, io);
      default:
        return await undo(changes, args, io);
    }
  } finally {
    changes.dispose();
    sandbox.dispose();
    await audit.close();
  }
}

async function list(changes: ShadowWorkspace, args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError('list takes no paths');
  const set = await changes.list();
  if (args.flags.has('json')) {
    io.stdout(`${JSON.stringify({ changes: set.entries, truncated: set.truncated, ...(set.incomplete ? { incomplete: set.incomplete } : {}) })}\n`);
    return EXIT.ok;
  }
  if (set.entries.length === 0) io.stdout('no changes: the sandbox sees exactly your folder\n');
  for (const e of set.entries) io.stdout(`${visible(describeEntry(e))}\n`);
  const held = set.entries.filter((e) => e.held);
  if (held.length > 0) io.stdout(`\n${held.length} held path(s): the host runs or trusts them; accept each by name with --include-held after reading it.\n`);
  if (set.truncated) io.stdout('(the layer has more entries than one scan reads; accept or reject some and list again)\n');
  if (set.incomplete) io.stdout(`(incomplete: ${set.incomplete})\n`);
  return EXIT.ok;
}

async function diff(changes: ShadowWorkspace, sandbox: Sandbox, args: ParsedArgs, io: CliIo): Promise<number> {
  const set = await changes.list();
  const wanted = args.positionals.map(relative);
  const layout = await sandbox.shadowLayout();
  for (const e of set.entries.filter((x) => wanted.length === 0 || wanted.includes(x.path))) {
    const header = `${visible(describeEntry(e))}${e.held ? `\n# held: ${e.risk ?? ''}` : ''}`;
    if (e.type !== 'file' || e.binary || e.kind === 'mode' || e.kind === 'special' || !layout) {
      io.stdout(`${header}\n\n`);
      continue;
    }
    const real = e.kind === 'added' ? '' : readQuiet(join(sandbox.workspace.realPath, e.path));
    // The layer is the sandbox's: never follow a link it may have swapped in.
    const layer = e.kind === 'deleted' ? '' : (readHostFile(join(layout.upper, e.path))?.toString('utf8') ?? '');
    io.stdout(`${header}\n${visible(createTwoFilesPatch(`a/${e.path}`, `b/${e.path}`, real, layer, 'your folder', 'sandbox'), { lines: 'keep' })}\n`);
  }
  return EXIT.ok;
}

async function accept(changes: ShadowWorkspace, args: ParsedArgs, io: CliIo): Promise<number> {
  const includeHeld = args.flags.has('include-held');
  if (args.flags.has('all')) {
    if (args.positionals.length > 0) throw new UsageError('give paths or --all, not both');
    if (includeHeld) {
      const set = await changes.list();
      for (const e of set.entries.filter((x) => x.held && !x.kept && !x.conflict && x.kind !== 'special')) io.stderr(`clawdock: accepting held path ${visible(e.path)}: ${e.risk ?? ''}\n`);
    }
    const report = await changes.acceptAll({ includeHeld });
    return finish(report, io, report.skipped);
  }
  if (args.positionals.length === 0) throw new UsageError('accept needs paths, or --all for every ordinary change');
  const paths = args.positionals.map(relative);
  const before = await changes.list();
  if (includeHeld) for (const e of before.entries.filter((x) => x.held && paths.includes(x.path))) io.stderr(`clawdock: accepting held path ${visible(e.path)}: ${e.risk ?? ''}\n`);
  return finish(await changes.accept(paths, { includeHeld }), io);
}

async function reject(changes: ShadowWorkspace, args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.flags.has('include-held')) throw new UsageError('--include-held is for accept; reject takes every path you name');
  if (args.flags.has('all')) {
    if (args.positionals.length > 0) throw new UsageError('give paths or --all, not both');
    return finish(await changes.rejectAll(), io);
  }
  if (args.positionals.length === 0) throw new UsageError('reject needs paths, or --all');
  return finish(await changes.reject(args.positionals.map(relative)), io);
}

async function undo(changes: ShadowWorkspace, args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.positionals.length > 0 || args.flags.has('all')) throw new UsageError('undo takes no arguments: it puts back the last applied change');
  const { entry, restored } = await changes.undoLast();
  if (!entry) {
    io.stdout('nothing to undo\n');
    return EXIT.ok;
  }
  io.stdout(`undid the change applied ${new Date(entry.at).toISOString()} (${entry.via}): ${restored.map((p) => visible(p)).join(', ')}\n`);
  return EXIT.ok;
}

function finish(report: ApplyReport, io: CliIo, skipped: readonly ChangeEntry[] = []): number {
  for (const path of report.applied) io.stdout(`${visible(path)}\n`);
  for (const r of report.refused) io.stderr(`clawdock: ${visible(r.path)}: ${r.reason}\n`);
  const held = skipped.filter((e) => e.held);
  if (held.length > 0) io.stderr(`clawdock: ${held.length} held path(s) left for their own confirmation: ${held.map((e) => visible(e.path)).join(', ')} (accept each by name with --include-held)\n`);
  const other = skipped.length - held.length;
  if (other > 0) io.stderr(`clawdock: ${other} change(s) not taken by --all (kept in the sandbox or in conflict): see \`clawdock changes list\`\n`);
  return report.refused.length > 0 ? EXIT.failure : EXIT.ok;
}

function relative(path: string): string {
  return toWorkspaceRelative(path.startsWith('/workspace') ? path : path.replace(/^\.\//, ''));
}

function readQuiet(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

