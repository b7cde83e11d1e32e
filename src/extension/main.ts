// Entry point of the extension host bundle (dist/extension.js): the activation
// shell. It registers what VS Code may call before Clawdock is used — the
// contributed commands, the chat and Changes views, the read-only document
// schemes and the API — and loads the core (core-main.ts,
// dist/extension-core.js) on the first call to any of them, or at once when a
// background feature is on. Only tiny modules here: `npm run bench activation`
// measures this file's cost, test/package/bundle.test.ts keeps it small.
import * as vscode from 'vscode';
import { DisposableStore } from '../core/disposable';
import { backgroundFeatureOn, whenBackgroundFeatureOn } from './activation/background-features';
import { CommandShims, contributedCommands } from './activation/command-shims';
import { ForwardingDocuments, ForwardingTreeData, ForwardingWebviewView } from './activation/forwarders';
import { LazyCore } from './activation/lazy-core';
import type { ClawdockApi } from './api';
import { CHANGES_VIEW_ID, CHAT_VIEW_ID, DOCUMENT_SCHEMES } from './contribution-ids';
import type { Core } from './core-contract';

let shell: DisposableStore | undefined;

/**
 * Registers the stand-ins; the core does the work once loaded. VS Code does
 * not show activation errors, so they are shown here (and again whenever the
 * core fails to start: the next use tries again).
 */
export function activate(context: vscode.ExtensionContext): ClawdockApi {
  const store = new DisposableStore();
  shell = store;
  context.subscriptions.push(store);
  let lazy: LazyCore | undefined;
  const core = (): Core => {
    if (!lazy) throw new Error('Clawdock did not activate');
    return lazy.get();
  };
  try {
    const commands = store.add(new CommandShims(contributedCommands(context), core));
    const tree = store.add(new ForwardingTreeData(() => core().changesData));
    const changesTree = store.add(vscode.window.createTreeView(CHANGES_VIEW_ID, { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true }));
    const documents = DOCUMENT_SCHEMES.map((scheme) => {
      const forwarder = store.add(new ForwardingDocuments(() => core().documents[scheme]));
      store.add(vscode.workspace.registerTextDocumentContentProvider(scheme, forwarder));
      return { scheme, forwarder };
    });
    store.add(vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, new ForwardingWebviewView(() => core().chatView)));
    // Made last, so disposed first: the core goes before what it fills.
    lazy = store.add(new LazyCore({ context, changesTree }, {
      beforeActivate: () => commands.dispose(),
      onFailure: (err) => {
        commands.register();
        showStartError(err);
      },
    }));
    lazy.onDidLoad((loaded) => {
      tree.follow(loaded.changesData);
      for (const { scheme, forwarder } of documents) forwarder.follow(loaded.documents[scheme]);
    });
    commands.register();
    if (backgroundFeatureOn()) tryLoad(core);
    else {
      const watch = store.add(whenBackgroundFeatureOn(() => tryLoad(core)));
      lazy.onDidLoad(() => watch.dispose());
    }
  } catch (err) {
    showStartError(err);
  }
  return {
    getSandbox: (folderPath) => core().api.getSandbox(folderPath),
    proposeCommand: async (folderPath, commandLine) => core().api.proposeCommand(folderPath, commandLine),
    proposeEdit: async (folderPath, path, newContent) => core().api.proposeEdit(folderPath, path, newContent),
    pendingApprovals: async () => core().api.pendingApprovals(),
  };
}

/** Ends the core's lifetime (its sandbox sessions; the containers themselves stop when idle) and the shell's. */
export function deactivate(): void {
  shell?.dispose();
  shell = undefined;
}

/** Loads the core for a background feature; a failure has been shown already. */
function tryLoad(core: () => Core): void {
  try {
    core();
  } catch {
    // shown by the loader's onFailure
  }
}

function showStartError(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  console.error('Clawdock: activation failed', err);
  void vscode.window.showErrorMessage(`Clawdock could not start: ${message}`);
}
