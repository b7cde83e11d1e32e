import * as vscode from 'vscode';
import { ownerCaller } from '../../core/caller';
import { auditedExec, shellArgv } from '../../sandbox';
import type { Ctx } from '../ctx';
import { runWithTranscript } from '../transcript-run';
import { pickFolder } from '../folders';
import { reportSandboxProgress } from '../sandbox-progress';
import type { CommandFactory } from './command';

const LAST_COMMAND_KEY = 'clawdock.runCommand.last';

/**
 * `Clawdock: Run Command in Sandbox…` — runs a command line with `bash -c` in
 * /workspace inside the folder's sandbox through the audit (`exec-start` on disk
 * first, or nothing runs), streams its redacted output to the "Clawdock Sandbox"
 * channel, and cancels it (killing its process group) from the notification or
 * Stop Everything.
 * A string argument skips the prompt (keybindings, tests).
 */
export const runCommand: CommandFactory = {
  enabled: (ctx) => async (arg?: unknown) => {
    const folder = await pickFolder('run the command in', arg instanceof vscode.Uri ? arg : undefined);
    if (!folder) return;
    const line = typeof arg === 'string' && arg.trim() !== '' ? arg : await askCommandLine(ctx, folder);
    if (line === undefined) return;
    await ctx.runAction('Run Command in Sandbox', () => run(ctx, folder, line));
  },
};

async function askCommandLine(ctx: Ctx, folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  const line = await vscode.window.showInputBox({
    title: `Run in the sandbox for ${folder.name}`,
    prompt: 'A bash command line, run with `bash -c` in /workspace (the folder, as the container sees it).',
    placeHolder: 'e.g. npm test',
    value: ctx.extension.workspaceState.get<string>(LAST_COMMAND_KEY),
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? 'Enter a command to run.' : undefined),
  });
  if (line === undefined) return undefined;
  await ctx.extension.workspaceState.update(LAST_COMMAND_KEY, line);
  return line;
}

async function run(ctx: Ctx, folder: vscode.WorkspaceFolder, line: string): Promise<void> {
  const sandbox = ctx.sandboxes.get(folder);
  const sink = await ctx.audit.sink(folder);
  // The first command may build the image and start the container: show those steps too.
  await runWithTranscript(ctx, folder, line, (hooks, progress) =>
    reportSandboxProgress(sandbox, progress, () => auditedExec(sandbox, sink, { argv: shellArgv(line) }, { caller: ownerCaller('editor') }, hooks)),
  );
}
