// `Clawdock: Back Up State…` and `Clawdock: Restore State from Backup…`: the
// editor's state (audit logs and their heads, sessions, the approval queue in
// its global storage) and the CLI's home (vault, gateway pairings, shadow
// layers and undo history), through the same archive as `clawdock backup`.
import { existsSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { createBackup, restoreBackup, type BackupSource, type RestoreReport } from '../../backup';
import { clawdockHome } from '../../core/clawdock-home';
import type { Cmd, CommandFactory, CommandTable } from '../commands/command';
import type { Ctx } from '../ctx';
import { readAnchorFiles, writeAnchorFiles } from './editor-anchors';

const FILTERS = { 'Clawdock backup': ['clawdock-backup'] };

function sources(ctx: Ctx): BackupSource[] {
  return [{ root: 'editor', dir: ctx.extension.globalStorageUri.fsPath }, { root: 'home', dir: clawdockHome() }];
}

function backUp(ctx: Ctx): Cmd {
  return async () => {
    const day = new Date().toISOString().slice(0, 10);
    const target = await vscode.window.showSaveDialog({ title: 'Back up Clawdock\'s state', defaultUri: vscode.Uri.file(join(homedir(), `clawdock-${day}.clawdock-backup`)), filters: FILTERS });
    if (!target) return;
    await ctx.runAction('Back Up State', async () => {
      const storage = ctx.extension.globalStorageUri.fsPath;
      writeAnchorFiles(storage, ctx.extension.globalState);
      // The save dialog already asked about replacing it.
      if (existsSync(target.fsPath)) rmSync(target.fsPath);
      const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Clawdock: backing up…' }, () =>
        createBackup({ sources: sources(ctx), scope: 'all', out: target.fsPath }));
      for (const s of summary.skipped) ctx.logger.warn(`backup: ${s}`);
      void vscode.window.showInformationMessage(
        `Clawdock: backed up ${summary.files} files of ${summary.workspaces.length} workspace(s) to ${target.fsPath}; ${summary.chains} audit chain(s) verified. ` +
        'It includes the shadow workspaces\' unreviewed changes; the vault stays encrypted, plain secrets and device keys are left out.',
      );
    });
  };
}

function restore(ctx: Ctx): Cmd {
  return async () => {
    const picked = await vscode.window.showOpenDialog({ title: 'Restore Clawdock\'s state from a backup', canSelectMany: false, filters: FILTERS });
    const file = picked?.[0];
    if (!file) return;
    await ctx.runAction('Restore State', async () => {
      const targets = { editor: ctx.extension.globalStorageUri.fsPath, home: clawdockHome() };
      const plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Clawdock: checking the backup…' }, () =>
        restoreBackup(file.fsPath, { targets, dryRun: true }));
      const force = await confirm(plan);
      if (force === undefined) return;
      // The window's open audit logs would go on from their old heads: close them, restore, reload.
      await ctx.audit.logs.close();
      try {
        const done = await restoreBackup(file.fsPath, { targets, force });
        await readAnchorFiles(targets.editor, ctx.extension.globalState);
        ctx.logger.info(`restore: ${done.written.length} file(s) written from ${file.fsPath}`);
      } finally {
        await vscode.window.showInformationMessage('Clawdock: the window reloads now, so every audit log is opened again from what is on disk.', { modal: true });
        await vscode.commands.executeCommand('workbench.action.reloadWindow');
      }
    });
  };
}

/** Asks; undefined: cancelled, else whether to replace newer state. */
async function confirm(plan: RestoreReport): Promise<boolean | undefined> {
  const chains = `${plan.chains.length} audit chain(s) verified`;
  const newer = plan.conflicts.length > 0
    ? `\n\nNewer here than in the backup (replaced only if you choose so):\n${plan.conflicts.slice(0, 10).map((c) => `• ${c.root}/${c.path}: ${c.why}`).join('\n')}${plan.conflicts.length > 10 ? `\n… and ${plan.conflicts.length - 10} more` : ''}`
    : '';
  const restoreLabel = 'Restore';
  const replace = 'Replace Newer State';
  const choice = await vscode.window.showWarningMessage(
    `Restore ${plan.written.length} file(s) from the backup of ${plan.header.createdAt.slice(0, 16).replace('T', ' ')}?`,
    {
      modal: true,
      detail: `The backup is intact; ${chains}. ${plan.unchanged} file(s) are already as in the backup.${newer}\n\nStop running sandboxes first: a shadow layer is mounted while its sandbox runs. The window reloads afterwards.`,
    },
    ...(plan.conflicts.length > 0 ? [replace] : [restoreLabel]),
  );
  if (choice === restoreLabel) return false;
  if (choice === replace) return true;
  return undefined;
}

const backUpState: CommandFactory = { enabled: backUp, disabled: backUp };
const restoreState: CommandFactory = { enabled: restore, disabled: restore };

/** The backup palette commands. */
export const BACKUP_COMMANDS: CommandTable = {
  'clawdock.backUpState': backUpState,
  'clawdock.restoreState': restoreState,
};
