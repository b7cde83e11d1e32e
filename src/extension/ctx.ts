import * as vscode from 'vscode';
import { readRedactionSettings } from '../audit';
import { DisposableStore } from '../core/disposable';
import type { Event } from '../core/event';
import type { Logger } from '../core/logger';
import { ApprovalHost } from './approvals/approval-host';
import { ChangesHost } from './changes/changes-host';
import type { ViewElement } from './changes/changes-view';
import { ChatHost } from './chat/chat-host';
import { ExtensionAudit } from './audit/extension-audit';
import { redactingLogger } from './audit/redacting-logger';
import { SharedRedactor } from './audit/shared-redactor';
import { CommandOutput } from './command-output';
import type { CommandTable } from './commands/command';
import { refuseInUntrustedWorkspace } from './commands/untrusted';
import { configSource } from './config';
import { KillSwitchStatusBar } from './kill-switch/kill-switch-status-bar';
import { StopRegistry } from './kill-switch/stop-registry';
import { channelLogger } from './logger';
import { SandboxRegistry } from './sandboxes';
import { folderEgress } from './sandbox-egress';
import { createSecretVault } from './secrets/extension-secrets';
import { ReportDocuments } from './security/report-documents';
import type { SecretVault } from './secrets/secret-vault';
import { showError } from './show-error';
import { SandboxStatusBar } from './status-bar';

/**
 * Everything commands need, built once when the core activates and passed
 * down. Owns the extension lifetime (channels, status bar, registrations);
 * each folder's sandbox session is owned by the registry.
 */
export class Ctx implements vscode.Disposable {
  /** Diagnostics: the "Clawdock" log channel. */
  readonly log: vscode.LogOutputChannel;
  /** The core's Logger over `log`; secrets are masked before they reach it. */
  readonly logger: Logger;
  /** The one redactor (settings `clawdock.redaction.*` and every secret value Clawdock holds). */
  readonly redaction: SharedRedactor;
  /** Model API keys and secrets granted to the sandbox, in SecretStorage. */
  readonly secrets: SecretVault;
  /** Each folder's hash-chained audit log, mirrored to the "Clawdock Audit" channel. */
  readonly audit: ExtensionAudit;
  /** Agent turns and commands in flight, for Stop Everything. */
  readonly stops: StopRegistry;
  /** Read-only report documents (Security Audit). */
  readonly reports: ReportDocuments;
  /** The terminal-like "Clawdock Sandbox" channel for commands run from the palette. */
  readonly commandOutput: CommandOutput;
  readonly sandboxes: SandboxRegistry;
  readonly statusBar: SandboxStatusBar;
  /** Pending approvals, their proposal documents and lenses, each folder's policy. */
  readonly approvals: ApprovalHost;
  /** The sidebar chat panel and each folder's agent. */
  readonly chat: ChatHost;
  /** Each shadowed folder's change set: the Changes view, change diffs, undo and history. */
  readonly changes: ChangesHost;
  private readonly disposables = new DisposableStore();
  private commandRegistrations = new DisposableStore();

  /** `changesTree` is the Changes view, created by the activation shell before the core loads. */
  constructor(
    readonly extension: vscode.ExtensionContext,
    private readonly commands: CommandTable,
    changesTree: vscode.TreeView<ViewElement>,
  ) {
    this.log = this.own(vscode.window.createOutputChannel('Clawdock', { log: true }));
    this.redaction = new SharedRedactor(readRedactionSettings(configSource()));
    this.logger = redactingLogger(channelLogger(this.log), (text) => this.redaction.redact(text));
    const { vault, watch } = createSecretVault(extension, this.redaction, this.logger);
    this.secrets = vault;
    this.own(watch);
    this.audit = this.own(new ExtensionAudit(extension, this.redaction, () => vault.ready, this.logger));
    this.stops = this.own(new StopRegistry());
    this.reports = this.own(new ReportDocuments());
    this.commandOutput = this.own(new CommandOutput((text) => this.redaction.redact(text)));
    this.sandboxes = this.own(new SandboxRegistry(this.logger, () => vault.grantedEnv(), (folder) => folderEgress(folder, (event) => this.audit.record(folder, event), () => vault.boundSecrets())));
    this.statusBar = this.own(new SandboxStatusBar(this.sandboxes, () => this.trusted, this.logger));
    this.own(new KillSwitchStatusBar(this.sandboxes, this.stops, () => this.trusted));
    this.approvals = this.own(new ApprovalHost(this));
    this.chat = this.own(new ChatHost(this));
    this.changes = this.own(new ChangesHost(this, changesTree));
    this.own(vscode.workspace.onDidChangeWorkspaceFolders((e) => e.removed.forEach((folder) => this.sandboxes.release(folder))));
    this.own(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.logger.info('workspace trusted: sandbox commands enabled');
        this.updateCommands();
        void this.statusBar.refresh();
      }),
    );
  }

  /** Fires with the reason when Stop Everything runs; the agent cancels its turn on it (or registers in `stops`). */
  get onStopEverything(): Event<string> {
    return this.stops.onDidStop;
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
    this.commandRegistrations.dispose();
    this.commandRegistrations = new DisposableStore();
    for (const [id, factory] of Object.entries(this.commands)) {
      const run = this.trusted ? factory.enabled(this) : factory.disabled ? factory.disabled(this) : refuseInUntrustedWorkspace();
      this.commandRegistrations.add(vscode.commands.registerCommand(id, run));
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
    return this.disposables.add(disposable);
  }

  /** Commands first, then everything else, last made first; one failing disposer does not keep the others (containers' runners) from closing. */
  dispose(): void {
    this.commandRegistrations.dispose();
    this.disposables.dispose();
  }
}
