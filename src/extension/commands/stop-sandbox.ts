import * as vscode from 'vscode';
import { recordSandboxStep } from '../audit/sandbox-events';
import { pickFolder } from '../folders';
import type { Sandbox } from '../../sandbox';
import type { CommandFactory } from './command';

/** `Clawdock: Stop Sandbox` — stops the container and keeps it for the next start. */
export const stopSandbox: CommandFactory = {
  enabled: (ctx) => async (arg?: unknown) => {
    const folder = await pickFolder('stop', arg);
    if (!folder) return;
    await ctx.runAction('Stop Sandbox', async () => {
      const sandbox = ctx.sandboxes.get(folder);
      if (!(await confirmKillingCommands(sandbox, 'Stop'))) return;
      await recordSandboxStep(ctx, folder, 'down', 'Stop Sandbox: stopped, the container is kept for the next start');
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Clawdock: stopping the sandbox for ${folder.name}` }, () => sandbox.stop());
    });
  },
};

/** Asks before an action that kills commands still running in the sandbox; true when none run or the person agrees. */
export async function confirmKillingCommands(sandbox: Sandbox, action: 'Stop' | 'Rebuild'): Promise<boolean> {
  const { runningCommands } = await sandbox.status();
  if (runningCommands === 0) return true;
  const choice = await vscode.window.showWarningMessage(
    `${runningCommands} command(s) are still running in the sandbox. ${action} it and kill them?`,
    { modal: true },
    action,
  );
  return choice === action;
}
