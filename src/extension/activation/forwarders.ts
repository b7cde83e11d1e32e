// What the shell registers for VS Code in the core's place: each call loads
// the core (through `target`) and hands it on; the core's change events are
// re-fired once it is loaded (`follow`).
import * as vscode from 'vscode';

/** The Changes view's data: the core's ChangesView. */
export class ForwardingTreeData implements vscode.TreeDataProvider<unknown>, vscode.Disposable {
  readonly #onDidChangeTreeData = new vscode.EventEmitter<unknown>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  #following: vscode.Disposable | undefined;

  constructor(private readonly target: () => vscode.TreeDataProvider<unknown>) {}

  /** Re-fires the core's changes from now on. */
  follow(core: vscode.TreeDataProvider<unknown>): void {
    this.#following?.dispose();
    this.#following = core.onDidChangeTreeData?.((e) => this.#onDidChangeTreeData.fire(e));
  }

  getChildren(element?: unknown): vscode.ProviderResult<unknown[]> {
    return this.target().getChildren(element);
  }

  getTreeItem(element: unknown): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.target().getTreeItem(element);
  }

  getParent(element: unknown): vscode.ProviderResult<unknown> {
    return this.target().getParent?.(element);
  }

  resolveTreeItem(item: vscode.TreeItem, element: unknown, token: vscode.CancellationToken): vscode.ProviderResult<vscode.TreeItem> {
    const target = this.target();
    return target.resolveTreeItem ? target.resolveTreeItem(item, element, token) : item;
  }

  dispose(): void {
    this.#following?.dispose();
    this.#onDidChangeTreeData.dispose();
  }
}

/** One scheme's read-only documents: the core's provider for that scheme. */
export class ForwardingDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  readonly #onDidChange = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.#onDidChange.event;
  #following: vscode.Disposable | undefined;

  constructor(private readonly target: () => vscode.TextDocumentContentProvider) {}

  /** Re-fires the core's changes from now on. */
  follow(core: vscode.TextDocumentContentProvider): void {
    this.#following?.dispose();
    this.#following = core.onDidChange?.((uri) => this.#onDidChange.fire(uri));
  }

  provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): vscode.ProviderResult<string> {
    return this.target().provideTextDocumentContent(uri, token);
  }

  dispose(): void {
    this.#following?.dispose();
    this.#onDidChange.dispose();
  }
}

/** The chat view: VS Code resolves it when it is first shown; the core's ChatView fills it. */
export class ForwardingWebviewView implements vscode.WebviewViewProvider {
  constructor(private readonly target: () => vscode.WebviewViewProvider) {}

  resolveWebviewView(view: vscode.WebviewView, context: vscode.WebviewViewResolveContext, token: vscode.CancellationToken): Thenable<void> | void {
    return this.target().resolveWebviewView(view, context, token);
  }
}
