// The "Changes" view in the Clawdock activity-bar container: each shadowed
// folder's change set as folders → files, the kind of each change beside its
// name, held changes flagged with a warning and their risk in the hover,
// conflicts flagged, ignored changes in a collapsed "Kept in the sandbox"
// group, and a badge counting what waits for review. Every label, description
// and tooltip goes through the display sanitiser (change-tree.ts).
import * as vscode from 'vscode';
import { visible } from '../../core/display';
import type { ChangeEntry } from '../../changes';
import type { ChangeSets } from './change-sets';
import { buildChangeTree, entryDescription, entryTooltip, KEPT_LABEL, waitingCounts, waitingText, type ChangeNode } from './change-tree';
import { folderKey } from './change-uri';
import { CHANGES_VIEW_ID } from '../contribution-ids';

/** An element of the view: a workspace folder (when there are several), a node of its tree, or a line saying why there is none. */
export type ViewElement =
  | { readonly type: 'folder-root'; readonly folder: vscode.WorkspaceFolder }
  | { readonly type: 'node'; readonly folder: vscode.WorkspaceFolder; readonly node: ChangeNode }
  | { readonly type: 'message'; readonly folder: vscode.WorkspaceFolder; readonly text: string; readonly error: boolean };

/** Whether a command argument is an element of this view. */
export function isViewElement(arg: unknown): arg is ViewElement {
  const e = arg as Partial<ViewElement> | undefined;
  return typeof e === 'object' && e !== null && (e.type === 'folder-root' || e.type === 'node' || e.type === 'message') && 'folder' in e;
}

/** `contextValue` of an entry: menus show Accept, Reject and Open Diff on it; the flags are for `when` clauses. */
export function entryContext(entry: ChangeEntry): string {
  return ['clawdock.change', entry.held ? 'held' : '', entry.conflict ? 'conflict' : '', entry.kept ? 'kept' : ''].filter(Boolean).join('.');
}

/**
 * The tree view's data, its message and its badge. The view itself is the
 * activation shell's (it exists before the core loads, and its provider
 * forwards here); it outlives this object.
 */
export class ChangesView implements vscode.TreeDataProvider<ViewElement>, vscode.Disposable {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<ViewElement | undefined>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly sets: ChangeSets, private readonly trusted: () => boolean, readonly view: vscode.TreeView<ViewElement>) {
    this.subscriptions.push(
      sets.onDidChange(() => this.refresh()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
    );
  }

  /** Redraws soon (scans come in bursts: one per command, accept and reject). */
  refresh(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this._onDidChangeTreeData.fire(undefined);
      this.updateBadge();
    }, 50);
  }

  /** Reveals the view. */
  async focus(): Promise<void> {
    await vscode.commands.executeCommand(`${CHANGES_VIEW_ID}.focus`);
  }

  async getChildren(element?: ViewElement): Promise<ViewElement[]> {
    if (element?.type === 'message') return [];
    if (element?.type === 'node') return element.node.type === 'entry' ? [] : element.node.children.map((node) => ({ type: 'node', folder: element.folder, node }));
    if (element?.type === 'folder-root') return this.folderChildren(element.folder);
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (!this.trusted()) {
      this.view.message = 'Clawdock reviews no changes in an untrusted workspace: trust the workspace first.';
      return [];
    }
    if (folders.length === 0) {
      this.view.message = 'Open a folder: each workspace folder gets its own sandbox.';
      return [];
    }
    // The first look scans; later scans come after each command and decision.
    await Promise.all(folders.filter((f) => this.sets.state(f) === undefined).map((f) => this.sets.scan(f)));
    this.updateBadge();
    this.view.message = this.emptyMessage(folders);
    if (folders.length === 1) return this.folderChildren(folders[0] as vscode.WorkspaceFolder);
    return folders.map((folder) => ({ type: 'folder-root', folder }));
  }

  getTreeItem(element: ViewElement): vscode.TreeItem {
    switch (element.type) {
      case 'folder-root': {
        const item = new vscode.TreeItem(visible(element.folder.name, { plain: true }), vscode.TreeItemCollapsibleState.Expanded);
        const state = this.sets.state(element.folder);
        item.id = `${folderKey(element.folder)}/root`;
        item.iconPath = new vscode.ThemeIcon('root-folder');
        item.description = state?.kind === 'set' ? (waitingText(waitingCounts(state.set.entries)) ?? 'no changes') : '';
        item.contextValue = 'clawdock.changes.folder';
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(visible(element.text, { plain: true }), vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(element.error ? 'error' : 'info');
        item.tooltip = visible(element.text, { plain: true });
        return item;
      }
      case 'node':
        return nodeItem(element);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this._onDidChangeTreeData.dispose();
  }

  private folderChildren(folder: vscode.WorkspaceFolder): ViewElement[] {
    const state = this.sets.state(folder);
    if (!state) return [];
    if (state.kind === 'not-shadowed') return [{ type: 'message', folder, error: false, text: `Not shadowed (clawdock.sandbox.workspaceAccess is "${state.access}"): commands write the folder directly.` }];
    if (state.kind === 'error') return [{ type: 'message', folder, error: true, text: `The change set could not be read: ${state.message}` }];
    const extra: ViewElement[] = [];
    if (state.set.truncated) extra.push({ type: 'message', folder, error: false, text: 'The layer holds more than one scan reads: accept or reject some changes, then refresh.' });
    if (state.set.incomplete) extra.push({ type: 'message', folder, error: true, text: `Incomplete: ${state.set.incomplete}` });
    return [...extra, ...buildChangeTree(state.set.entries, `${folderKey(folder)}/`).map((node): ViewElement => ({ type: 'node', folder, node }))];
  }

  private emptyMessage(folders: readonly vscode.WorkspaceFolder[]): string | undefined {
    const states = folders.map((f) => this.sets.state(f));
    if (states.some((s) => s?.kind !== 'set' || s.set.entries.length > 0)) return undefined;
    return 'No changes: the sandbox sees exactly your folder.';
  }

  private updateBadge(): void {
    let waiting = 0;
    let held = 0;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const state = this.sets.state(folder);
      if (state?.kind !== 'set') continue;
      const counts = waitingCounts(state.set.entries);
      waiting += counts.waiting;
      held += counts.held;
    }
    this.view.badge = waiting > 0 ? { value: waiting, tooltip: waitingText({ waiting, held }) ?? '' } : undefined;
  }
}

function nodeItem(element: Extract<ViewElement, { type: 'node' }>): vscode.TreeItem {
  const { node } = element;
  if (node.type === 'kept') {
    const item = new vscode.TreeItem(KEPT_LABEL, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    item.description = String(node.count);
    item.iconPath = new vscode.ThemeIcon('archive');
    item.tooltip = 'Changes to files your .gitignore ignores (or clawdock.sandbox.keepInSandbox lists) stay in the sandbox: Accept All never takes them. Accept one by name to pull it into your folder.';
    item.contextValue = 'clawdock.changes.kept';
    return item;
  }
  if (node.type === 'folder') {
    const item = new vscode.TreeItem(visible(node.name, { plain: true }), vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.id;
    item.iconPath = node.entry ? entryIcon(node.entry) : vscode.ThemeIcon.Folder;
    if (node.entry) {
      item.description = entryDescription(node.entry);
      item.tooltip = entryTooltip(node.entry);
      item.contextValue = entryContext(node.entry);
    } else {
      item.tooltip = visible(node.path, { plain: true });
      item.contextValue = 'clawdock.changes.dir';
    }
    return item;
  }
  const item = new vscode.TreeItem(visible(node.name, { plain: true }), vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = entryDescription(node.entry);
  item.tooltip = entryTooltip(node.entry);
  item.iconPath = entryIcon(node.entry);
  item.contextValue = entryContext(node.entry);
  item.command = { command: 'clawdock.changes.openDiff', title: 'Open Diff', arguments: [element] };
  item.accessibilityInformation = { label: `${visible(node.entry.path, { plain: true })}, ${entryDescription(node.entry)}` };
  return item;
}

function entryIcon(entry: ChangeEntry): vscode.ThemeIcon {
  if (entry.held) return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  if (entry.conflict) return new vscode.ThemeIcon('git-merge', new vscode.ThemeColor('list.errorForeground'));
  if (entry.kind === 'deleted') return new vscode.ThemeIcon('diff-removed');
  if (entry.kind === 'special') return new vscode.ThemeIcon('circle-slash');
  if (entry.type === 'symlink') return new vscode.ThemeIcon('file-symlink-file');
  if (entry.kind === 'added') return new vscode.ThemeIcon('diff-added');
  if (entry.kind === 'mode') return new vscode.ThemeIcon('lock');
  return new vscode.ThemeIcon('diff-modified');
}
