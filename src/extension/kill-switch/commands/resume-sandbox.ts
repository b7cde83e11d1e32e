import * as vscode from 'vscode';
import { ownerCaller } from '../../../core/caller';
import type { CommandFactory } from '../../commands/command';
import { pickFolder } from '../../folders';

/** `Clawdock: Resume Sandbox` — thaws a sandbox Stop Everything paused; recorded first. */
export const resumeSandbox: CommandFactory = {
  enabled: (ctx) => async (arg?: unknown) => {
    const folder = await pickFolder('resume', arg);
    if (!folder) return;
    await ctx.runAction('Resume Sandbox', async () => {
      const sandbox = ctx.sandboxes.get(folder);
      if ((await sandbox.status()).state !== 'paused') {
        void vscode.window.showInformationMessage(`Clawdock: the sandbox of ${folder.name} is not paused.`);
        return;
      }
      await ctx.audit.record(folder, { type: 'kill-switch', caller: ownerCaller('editor'), action: 'resume' });
      await sandbox.resume();
      void vscode.window.showInformationMessage(`Clawdock: the sandbox of ${folder.name} runs again.`);
    });
  },
};
