// Entry point of the extension host bundle (dist/extension.js).
import * as vscode from 'vscode';
import type { ClawdockApi } from './api';
import { approvalsApi } from './approvals/approvals-api';
import { COMMANDS } from './commands';
import { Ctx } from './ctx';
import { registerGateway } from './gateway';
import { registerOpenClaw } from './openclaw';
import { watchSandboxSettings } from './settings-change';

let ctx: Ctx | undefined;

/**
 * Builds the context and registers the commands. Cheap by design: no engine is
 * contacted until a command (or the status bar) first needs a folder's sandbox.
 * VS Code does not show activation errors, so they are shown here.
 */
export function activate(context: vscode.ExtensionContext): ClawdockApi {
  try {
    ctx = new Ctx(context, COMMANDS);
    context.subscriptions.push(ctx, watchSandboxSettings(ctx));
    context.subscriptions.push(registerGateway(ctx));
    context.subscriptions.push(registerOpenClaw(ctx));
    ctx.updateCommands();
    ctx.logger.info(`Clawdock ${String(context.extension.packageJSON.version)} activated (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'untrusted'})`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error('Clawdock: activation failed', err);
    void vscode.window.showErrorMessage(`Clawdock could not start: ${message}`);
  }
  return { getSandbox: (folderPath) => ctx?.sandboxes.findByPath(folderPath), ...approvalsApi(() => ctx) };
}

/** Ends this window's sandbox sessions; the containers themselves stop when idle. */
export function deactivate(): void {
  ctx?.dispose();
  ctx = undefined;
}
