import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import { ApprovalHost } from './approvals/approval-host';
import { CommandOutput } from './command-output';
import type { CommandTable } from './commands/command';
import { refuseInUntrustedWorkspace } from './commands/untrusted';
import { channelLogger } from './logger';
import { SandboxRegistry } from './sandboxes';
import { showError } from './show-error';
import { SandboxStatusBar } from './status-bar';

/**
 * Everything commands need, built once in `activate` and passed down. Owns the
 * extension lifetime (channels, status bar, registrations); each folder's
 * sandbox session is owned by the registry.
 */
export class Ctx implements vscode.Disposable {
  /** Diagnostics: the "Clawdock" log channel. */
  readonly log: vscode.LogOutputChannel;
  /** The core's Logger over `log`. */
  readonly logger: Logger;
  /** The terminal-like "Clawdock Sandbox" channel for commands run from the palette. */
  readonly commandOutput: CommandOutput;
  readonly sandboxes: SandboxRegistry;
  readonly statusBar: SandboxStatusBar;
  /** Pending approvals, their proposal documents and lenses, each folder's policy. */
  readonly approvals: ApprovalHost;
  private readonly disposables: vscode.Disposable[] = [];
  private commandRegistrations: vscode.Disposable[] = [];

  constructor(
    readonly extension: vscode.ExtensionContext,
    private readonly commands: CommandTable,
  ) {
    this.log = this.own(vscode.window.createOutputChannel('Clawdock', { log: true }));
    this.logger = channelLogger(this.log);
    this.commandOutput = this.own(new CommandOutput());
    this.sandboxes = this.own(new SandboxRegistry(this.logger));
    this.statusBar = this.own(new SandboxStatusBar(this.sandboxes, () => this.trusted, this.logger));
    this.approvals = this.own(new ApprovalHost(this));
    this.own(vscode.workspace.onDidChangeWorkspaceFolders((e) => e.removed.forEach((folder) => this.sandboxes.release(folder))));
    this.own(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.logger.info('workspace trusted: sandbox commands enabled');
        this.updateCommands();
        void this.statusBar.refresh();
      }),
    );
  }

  /** True when the workspace is trusted; only then does Clawdock start sandboxes or run commands. */
  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  /**
   * (Re-)registers every command from the table: the `enabled` variant in a
   * trusted workspace, else the `disabled` one, which says why it cannot run.
   */
  updateCommands(): void {
    for (const registration of this.commandRegistrations.splice(0)) registration.dispose();
    for (const [id, factory] of Object.entries(this.commands)) {
      const run = this.trusted ? factory.enabled(this) : factory.disabled ? factory.disabled(this) : refuseInUntrustedWorkspace();
      this.commandRegistrations.push(vscode.commands.registerCommand(id, run));
    }
  }

  /** Runs a user action: a failure is shown with its fix; the status bar is refreshed either way. */
  async runAction(what: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (err) {
      await showError(this, err, what);
    } finally {
      void this.statusBar.refresh();
    }
  }

  private own<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  dispose(): void {
    for (const registration of this.commandRegistrations.splice(0)) registration.dispose();
    for (const disposable of this.disposables.splice(0).reverse()) {
      try {
        disposable.dispose();
      } catch (err) {
        // One failing disposer must not keep the others (containers' runners) from closing.
        console.error('Clawdock: dispose failed', err);
      }
    }
  }
}
