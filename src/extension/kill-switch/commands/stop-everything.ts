import * as vscode from 'vscode';
import { ownerCaller } from '../../../core/caller';
import type { Sandbox } from '../../../sandbox';
import type { Cmd, CommandFactory } from '../../commands/command';
import type { Ctx } from '../../ctx';
import { describeStop, stopEverything, type FolderStopReport } from '../stop-everything';

const RESUME = 'Resume';
const DISCARD = 'Discard';
const SHOW_AUDIT = 'Show Audit Log';
const REASON = 'Stop Everything was used';

/** The folder's sandbox: any in a trusted window; in an untrusted one only those already made (no engine named by its settings is contacted). */
function sandboxOf(ctx: Ctx, folder: vscode.WorkspaceFolder): Sandbox | undefined {
  if (!ctx.trusted) return ctx.sandboxes.peek(folder);
  try {
    return ctx.sandboxes.get(folder);
  } catch (err) {
    ctx.logger.warn(`stop everything: no sandbox for ${folder.name}: ${(err as Error).message}`);
    return ctx.sandboxes.peek(folder);
  }
}

async function run(ctx: Ctx): Promise<FolderStopReport[]> {
  await ctx.approvals.ready;
  const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => ({ workspace: folder.uri.fsPath, name: folder.name, sandbox: sandboxOf(ctx, folder) }));
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Clawdock: stopping everything…' }, () =>
    stopEverything({
      folders,
      registry: ctx.stops,
      approvals: { pending: () => ctx.approvals.queue.pending(), cancel: (id, reason) => ctx.approvals.queue.cancel(id, reason) },
      record: (workspace, event) => ctx.audit.record(workspace, event),
      caller: ownerCaller('editor'),
      reason: REASON,
    }),
  );
}

async function tell(ctx: Ctx, reports: readonly FolderStopReport[]): Promise<void> {
  for (const r of reports) {
    if (r.sandboxError) ctx.logger.error(`stop everything: the sandbox of ${r.name} could not be stopped: ${r.sandboxError}`);
    if (r.auditError) ctx.logger.error(`stop everything: ${r.auditError}`);
  }
  const problems = reports.flatMap((r) => [
    ...(r.sandboxError ? [`the sandbox of ${r.name} could not be stopped (${r.sandboxError})`] : []),
    ...(r.auditError ? [`the audit log of ${r.name} could not record it (${r.auditError})`] : []),
  ]);
  if (problems.length > 0) void vscode.window.showErrorMessage(`Clawdock: Stop Everything — ${problems.join('; ')}.`, 'Show Log').then((c) => c && ctx.log.show(true));
  const paused = reports.filter((r) => r.paused);
  const buttons = paused.length > 0 ? [RESUME, DISCARD, SHOW_AUDIT] : [SHOW_AUDIT];
  const choice = await vscode.window.showWarningMessage(describeStop(reports), ...buttons);
  const folders = paused.map((r) => vscode.Uri.file(r.workspace));
  if (choice === RESUME) for (const uri of folders) await vscode.commands.executeCommand('clawdock.resumeSandbox', uri);
  else if (choice === DISCARD) for (const uri of folders) await vscode.commands.executeCommand('clawdock.discardSandbox', uri);
  else if (choice === SHOW_AUDIT) ctx.audit.show();
}

function stopCmd(ctx: Ctx): Cmd {
  return () => ctx.runAction('Stop Everything', async () => tell(ctx, await run(ctx)));
}

/**
 * `Clawdock: Stop Everything` — cancels agent turns, rejects pending approvals,
 * kills running commands and pauses each sandbox for inspection; then offers
 * Resume and Discard. Stopping is always safe, so it also runs in an untrusted
 * workspace (on the sandboxes this window already has).
 */
export const stopEverythingCommand: CommandFactory = { enabled: stopCmd, disabled: stopCmd };
