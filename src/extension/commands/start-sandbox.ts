import * as vscode from 'vscode';
import { recordSandboxStep } from '../audit/sandbox-events';
import { openSetting } from '../config';
import { pickFolder } from '../folders';
import { withSandboxProgress } from '../sandbox-progress';
import type { CommandFactory } from './command';

/** `Clawdock: Start Sandbox` — builds or pulls the image when needed, then creates and starts the container. */
export const startSandbox: CommandFactory = {
  enabled: (ctx) => async (arg?: unknown) => {
    const folder = await pickFolder('start', arg);
    if (!folder) return;
    await ctx.runAction('Start Sandbox', async () => {
      const sandbox = ctx.sandboxes.get(folder);
      await recordSandboxStep(ctx, folder, 'up', 'Start Sandbox');
      const status = await withSandboxProgress(sandbox, `Clawdock: starting the sandbox for ${folder.name}`, () => sandbox.up());
      ctx.logger.info(`[${folder.name}] sandbox ${status.state} (${status.containerName}, runner ${status.runner})`);
      if (status.loosened.length > 0) {
        const open = 'Open Settings';
        const choice = await vscode.window.showWarningMessage(`Clawdock: the sandbox for ${folder.name} runs with loosened hardening: ${status.loosened.join(', ')}.`, open);
        if (choice === open) await openSetting(status.loosened[0]!);
      }
    });
  },
};
