import * as vscode from 'vscode';
import { ownerCaller } from '../../../core/caller';
import type { CommandFactory } from '../../commands/command';
import { pickFolder } from '../../folders';

const DISCARD = 'Discard';

/**
 * `Clawdock: Discard Sandbox` — after a modal confirmation, removes the folder's
 * container (paused or not) with everything in it but the workspace; recorded first.
 */
export const discardSandbox: CommandFactory = {
  enabled: (ctx) => async (arg?: unknown) => {
    const folder = await pickFolder('discard', arg);
    if (!folder) return;
    const choice = await vscode.window.showWarningMessage(
      `Discard the sandbox of ${folder.name}?`,
      { modal: true, detail: 'The container is removed with its processes and everything outside the workspace folder (/tmp, the home directory). The workspace files stay. The next command starts a fresh sandbox.' },
      DISCARD,
    );
    if (choice !== DISCARD) return;
    await ctx.runAction('Discard Sandbox', async () => {
      const sandbox = ctx.sandboxes.get(folder);
      await ctx.audit.record(folder, { type: 'kill-switch', caller: ownerCaller('editor'), action: 'discard' });
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Clawdock: discarding the sandbox of ${folder.name}` }, () => sandbox.down());
    });
  },
};
