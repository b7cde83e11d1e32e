import * as vscode from 'vscode';
import { DisposableStore } from '../core/disposable';
import type { Logger } from '../core/logger';
import { currentFolder } from './folders';
import type { SandboxRegistry } from './sandboxes';
import { statusBarText, type StatusView } from './status-text';

/** How often the state is re-read while the window has focus and a sandbox is in use; events cover what this window does itself. */
const POLL_MS = 15_000;

/**
 * Runs `tick` every POLL_MS while the window is focused and `wanted()` holds,
 * so an idle window, or one with no sandbox in use, costs nothing. Call
 * `update()` when `wanted()` may have changed.
 */
export class FocusedPoll implements vscode.Disposable {
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly wanted: () => boolean,
    private readonly tick: () => void,
  ) {
    this.subscription = vscode.window.onDidChangeWindowState(() => this.update());
    this.update();
  }

  update(): void {
    const run = vscode.window.state.focused && this.wanted();
    if (run && !this.timer) this.timer = setInterval(this.tick, POLL_MS);
    else if (!run && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.subscription.dispose();
  }
}

/**
 * The `$(vm) Sandbox: running` item. Shows the sandbox of the folder the person
 * works in. The engine is contacted only for a sandbox this window already
 * uses (a command started, ran or asked about it): before that the item says
 * so and a click asks (issue 11: activation and idle cost). Refreshed on state
 * events, after commands, when the current folder changes, and by a slow poll
 * only while the window is focused and a sandbox is in use (so another window,
 * the CLI or the idle stop are noticed without a background cost).
 */
export class SandboxStatusBar implements vscode.Disposable {
  private readonly store = new DisposableStore();
  private readonly item = this.store.add(vscode.window.createStatusBarItem('clawdock.sandboxStatus', vscode.StatusBarAlignment.Left, 50));
  private readonly poll: FocusedPoll;
  private generation = 0;
  private shownFolder: string | undefined;

  constructor(
    private readonly sandboxes: SandboxRegistry,
    private readonly isTrusted: () => boolean,
    private readonly logger: Logger,
  ) {
    this.item.name = 'Clawdock Sandbox';
    this.item.command = 'clawdock.showStatus';
    this.poll = this.store.add(new FocusedPoll(() => sandboxes.all().length > 0, () => void this.refresh()));
    this.store.add(sandboxes.onDidChangeState(() => void this.refresh()));
    this.store.add(
      sandboxes.onDidChangeSessions(() => {
        this.poll.update();
        void this.refresh();
      }),
    );
    // Only a change of folder changes what is shown; switching editors within one costs nothing.
    this.store.add(vscode.window.onDidChangeActiveTextEditor(() => currentFolder()?.uri.toString() !== this.shownFolder && void this.refresh()));
    this.store.add(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()));
    this.store.add(vscode.window.onDidChangeWindowState((state) => state.focused && this.sandboxes.all().length > 0 && void this.refresh()));
    this.item.show();
    void this.refresh();
  }

  /** Re-reads the state of the current folder's sandbox. Results of overtaken refreshes are dropped. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const folder = currentFolder();
    const view = await this.read(folder);
    if (generation !== this.generation) return;
    this.shownFolder = folder?.uri.toString();
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
    const sandbox = this.sandboxes.peek(folder);
    if (!sandbox) return { kind: 'notInUse' };
    try {
      return { kind: 'status', status: await sandbox.status() };
    } catch (err) {
      this.logger.debug(`status of ${folder.uri.fsPath}: ${(err as Error).message}`);
      return { kind: 'error', message: (err as Error).message };
    }
  }

  dispose(): void {
    this.store.dispose();
  }
}
