import * as vscode from 'vscode';
import { recordSandboxStep } from './audit/sandbox-events';
import type { Ctx } from './ctx';
import { withSandboxProgress } from './sandbox-progress';
import { showError } from './show-error';

/**
 * Hands changed `clawdock.sandbox.*` settings to the folders' sandboxes. Most
 * only take effect in a new container (`restart: true` in SANDBOX_SETTINGS):
 * for a running sandbox, ask whether to recreate it now; otherwise the core
 * recreates it at the next command once no command runs.
 */
export function watchSandboxSettings(ctx: Ctx): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration(async (e) => {
    if (!e.affectsConfiguration('clawdock.sandbox')) return;
    try {
      const changes = ctx.sandboxes.reconfigure((folder) => e.affectsConfiguration('clawdock.sandbox', folder.uri));
      for (const { folder, changed } of changes) {
        ctx.logger.info(`[${folder.name}] settings changed: ${changed.map((c) => c.setting).join(', ')}`);
        const needsRestart = changed.filter((c) => c.restart).map((c) => c.setting);
        if (needsRestart.length > 0) void ctx.runAction('Restart Sandbox', () => promptRestart(ctx, folder, needsRestart));
      }
    } catch (err) {
      await showError(ctx, err, 'Applying the changed settings');
    } finally {
      void ctx.statusBar.refresh();
    }
  });
}

async function promptRestart(ctx: Ctx, folder: vscode.WorkspaceFolder, settings: readonly string[]): Promise<void> {
  const sandbox = ctx.sandboxes.get(folder);
  if ((await sandbox.status()).state !== 'running') return;
  const names = settings.map((s) => `\`${s}\``).join(', ');
  const choice = await vscode.window.showInformationMessage(
    `Clawdock: ${names} changed for ${folder.name}. Restart the sandbox to apply? (Otherwise it applies at the next command.)`,
    'Restart',
    'Later',
  );
  if (choice !== 'Restart') return;
  // `up()` recreates a container made from other settings (once no command runs).
  const current = ctx.sandboxes.get(folder);
  await recordSandboxStep(ctx, folder, 'recreate', `settings changed: ${settings.join(', ')}`);
  await withSandboxProgress(current, `Clawdock: restarting the sandbox for ${folder.name}`, () => current.up());
}
