import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import { currentFolder } from './folders';
import type { SandboxRegistry } from './sandboxes';
import { statusBarText, type StatusView } from './status-text';

/** How often the state is re-read while the window has focus; events cover what this window does itself. */
const POLL_MS = 15_000;

/**
 * The `$(vm) Sandbox: running` item. Shows the sandbox of the folder the person
 * works in; refreshed on state events, after commands, on editor and focus
 * changes, and by a slow poll only while the window is focused (so another
 * window, the CLI or the idle stop are noticed without a background cost).
 */
export class SandboxStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('clawdock.sandboxStatus', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private generation = 0;

  constructor(
    private readonly sandboxes: SandboxRegistry,
    private readonly isTrusted: () => boolean,
    private readonly logger: Logger,
  ) {
    this.item.name = 'Clawdock Sandbox';
    this.item.command = 'clawdock.showStatus';
    this.subscriptions.push(
      sandboxes.onDidChangeState(() => void this.refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
      vscode.window.onDidChangeWindowState((state) => this.pollWhile(state.focused)),
    );
    this.pollWhile(vscode.window.state.focused);
    this.item.show();
    void this.refresh();
  }

  /** Re-reads the state of the current folder's sandbox. Results of overtaken refreshes are dropped. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const folder = currentFolder();
    const view = await this.read(folder);
    if (generation !== this.generation) return;
    const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    const { text, tooltip, warning } = statusBarText(view, multiRoot ? folder?.name : undefined);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  private async read(folder: vscode.WorkspaceFolder | undefined): Promise<StatusView> {
    // An untrusted workspace's settings could name any engine address: contact none.
    if (!this.isTrusted()) return { kind: 'untrusted' };
    if (!folder) return { kind: 'noFolder' };
    try {
      return { kind: 'status', status: await this.sandboxes.get(folder).status() };
    } catch (err) {
      this.logger.debug(`status of ${folder.uri.fsPath}: ${(err as Error).message}`);
      return { kind: 'error', message: (err as Error).message };
    }
  }

  private pollWhile(focused: boolean): void {
    if (focused && !this.timer) {
      this.timer = setInterval(() => void this.refresh(), POLL_MS);
      void this.refresh();
    } else if (!focused && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.item.dispose();
  }
}
