// What passes between the two bundles: the activation shell (main.ts,
// dist/extension.js) and the core (core-main.ts, dist/extension-core.js).
// Types only: the bundles share no runtime state, the shell hands the core
// what it needs when it loads it.
import type * as vscode from 'vscode';
import type { ClawdockApi } from './api';
import type { DocumentScheme } from './contribution-ids';

/** What the shell hands the core: the extension's context and what the shell created for VS Code before the core loaded. */
export interface CoreHost {
  readonly context: vscode.ExtensionContext;
  /** The Changes view; the core gives it its data, message and badge. */
  readonly changesTree: vscode.TreeView<unknown>;
}

/** The active core: what the shell's registrations forward to. Disposing it ends the core's lifetime. */
export interface Core extends vscode.Disposable {
  readonly api: ClawdockApi;
  /** Fills the chat view the shell registered. */
  readonly chatView: vscode.WebviewViewProvider;
  /** The Changes view's data. */
  readonly changesData: vscode.TreeDataProvider<unknown>;
  /** The content of each scheme's read-only documents. */
  readonly documents: Readonly<Record<DocumentScheme, vscode.TextDocumentContentProvider>>;
}

/** The core bundle's export. */
export interface CoreModule {
  /** Builds the context and registers the core's commands (the shell has let go of its own by then); throws when it cannot start. */
  activateCore(host: CoreHost): Core;
}
