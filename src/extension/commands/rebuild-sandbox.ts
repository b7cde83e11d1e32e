import { recordSandboxStep } from '../audit/sandbox-events';
import { pickFolder } from '../folders';
import { withSandboxProgress } from '../sandbox-progress';
import type { CommandFactory } from './command';
import { confirmKillingCommands } from './stop-sandbox';

/** `Clawdock: Rebuild Sandbox` — removes the container (the workspace is untouched) and creates a fresh one. */
export const rebuildSandbox: CommandFactory = {
  enabled: (ctx) => async (arg?: unknown) => {
    const folder = await pickFolder('rebuild', arg);
    if (!folder) return;
    await ctx.runAction('Rebuild Sandbox', async () => {
      const sandbox = ctx.sandboxes.get(folder);
      if (!(await confirmKillingCommands(sandbox, 'Rebuild'))) return;
      await recordSandboxStep(ctx, folder, 'recreate', 'Rebuild Sandbox');
      await withSandboxProgress(sandbox, `Clawdock: rebuilding the sandbox for ${folder.name}`, async () => {
        await sandbox.down();
        return sandbox.up();
      });
    });
  },
};
