// Entry point of the core bundle (dist/extension-core.js): everything
// Clawdock does in the editor. The activation shell (main.ts) loads it on
// first use, or at activation when a background feature is on.
import * as vscode from 'vscode';
import { DisposableStore } from '../core/disposable';
import { approvalsApi } from './approvals/approvals-api';
import type { ViewElement } from './changes/changes-view';
import { COMMANDS } from './commands';
import { CHANGE_SCHEME, PROPOSAL_SCHEME, REPORT_SCHEME } from './contribution-ids';
import type { Core, CoreHost } from './core-contract';
import { Ctx } from './ctx';
import { registerGateway } from './gateway';
import { registerOpenClaw } from './openclaw';
import { watchSandboxSettings } from './settings-change';

/**
 * Builds the context and registers the commands. Cheap by design: no engine is
 * contacted until a command (or the status bar) first needs a folder's
 * sandbox. What was built is disposed again when a step fails, so the shell
 * can try again later.
 */
export function activateCore({ context, changesTree }: CoreHost): Core {
  const store = new DisposableStore();
  try {
    // The shell's tree forwards the core's elements unchanged: they are ViewElements.
    const ctx = store.add(new Ctx(context, COMMANDS, changesTree as vscode.TreeView<ViewElement>));
    store.add(watchSandboxSettings(ctx));
    store.add(registerGateway(ctx));
    store.add(registerOpenClaw(ctx));
    ctx.updateCommands();
    ctx.logger.info(`Clawdock ${String(context.extension.packageJSON.version)} activated (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'untrusted'})`);
    return {
      api: { getSandbox: (folderPath) => ctx.sandboxes.findByPath(folderPath), ...approvalsApi(() => ctx) },
      chatView: ctx.chat.view,
      changesData: ctx.changes.view as vscode.TreeDataProvider<unknown>,
      documents: { [PROPOSAL_SCHEME]: ctx.approvals.provider, [CHANGE_SCHEME]: ctx.changes.documents, [REPORT_SCHEME]: ctx.reports },
      dispose: () => store.dispose(),
    };
  } catch (err) {
    store.dispose();
    throw err;
  }
}
