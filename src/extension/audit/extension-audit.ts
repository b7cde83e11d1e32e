import { join } from 'node:path';
import * as vscode from 'vscode';
import { formatEventLine, readRedactionSettings, type AuditEntry, type AuditEvent } from '../../audit';
import { DisposableStore } from '../../core/disposable';
import { ClawdockError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { AuditSink } from '../../sandbox';
import { configSource } from '../config';
import { FolderAuditLogs, type HeadAnchor } from './folder-audit-logs';
import type { SharedRedactor } from './shared-redactor';

/** The channel every appended line is mirrored to; e2e tests read it by this name. */
export const AUDIT_CHANNEL_NAME = 'Clawdock Audit';

/** Lines a person should notice among the routine ones. */
const WARN_TYPES = new Set<AuditEvent['type']>(['kill-switch', 'limit-tripped', 'approval-expired', 'audit-repaired', 'secret-granted', 'run-halted', 'model-refused']);

/**
 * The window's audit trail (DESIGN.md, audit contract): one hash-chained log
 * per workspace folder under the extension's global storage, opened on first
 * use once the secrets are known to the redactor, each line mirrored to the
 * "Clawdock Audit" channel. Every action that records here awaits the line
 * before it acts, so an AuditWriteError stops the action.
 */
export class ExtensionAudit implements vscode.Disposable {
  readonly logs: FolderAuditLogs;
  private readonly store = new DisposableStore();
  private readonly channel = this.store.add(vscode.window.createOutputChannel(AUDIT_CHANNEL_NAME, { log: true }));

  constructor(
    context: vscode.ExtensionContext,
    private readonly redaction: SharedRedactor,
    secretsReady: () => Promise<void>,
    private readonly logger: Logger,
  ) {
    this.logs = new FolderAuditLogs({
      root: join(context.globalStorageUri.fsPath, 'audit'),
      redactor: () => redaction,
      // The head kept where the audit folder is not, so cutting lines off its end is seen.
      anchors: context.globalState,
      logger,
      beforeOpen: secretsReady,
      onDidAppend: (workspace, entry) => this.mirror(workspace, entry),
    });
    this.store.add(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('clawdock.redaction')) return;
        // The same Redactor object, rebuilt inside: open logs and commands in flight use the new settings at once.
        redaction.rebuild(readRedactionSettings(configSource()));
        logger.info('redaction settings changed: applied to the next line and output');
      }),
    );
  }

  /** The log and redactor `auditedExec` takes, for a folder. */
  async sink(folder: vscode.WorkspaceFolder): Promise<AuditSink> {
    const log = await this.logs.get(folder.uri.fsPath);
    return { log, redactor: this.redaction };
  }

  /** Writes one line to the folder's log; resolves once it is on disk. Throws AuditWriteError: then do not act. */
  record(folder: vscode.WorkspaceFolder | string, event: AuditEvent): Promise<AuditEntry> {
    return this.logs.append(typeof folder === 'string' ? folder : folder.uri.fsPath, event);
  }

  /** Writes a line about what already happened (how a command ended): durable with the folder's next line (AuditLog.appendBatched). */
  recordBatched(folder: vscode.WorkspaceFolder | string, event: AuditEvent): Promise<AuditEntry> {
    return this.logs.appendBatched(typeof folder === 'string' ? folder : folder.uri.fsPath, event);
  }

  /**
   * Writes one line to the log of every open folder (window-wide actions such
   * as secrets). Throws when there is no folder to record in, or the first
   * AuditWriteError: then do not act.
   */
  async recordEverywhere(event: AuditEvent): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) throw new ClawdockError('there is no workspace folder whose audit log could record this, so it was not done', { hint: 'open a folder first' });
    for (const folder of folders) await this.record(folder, event);
  }

  /** The folder's audit folder. */
  dir(folder: vscode.WorkspaceFolder): string {
    return this.logs.dir(folder.uri.fsPath);
  }

  /** The head this window last wrote for the folder, for verify. */
  expectHead(folder: vscode.WorkspaceFolder): HeadAnchor | undefined {
    return this.logs.expectHead(folder.uri.fsPath);
  }

  /** Reveals the "Clawdock Audit" channel. */
  show(preserveFocus = false): void {
    this.channel.show(preserveFocus);
  }

  private mirror(workspace: string, entry: AuditEntry): void {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const name = folders.length > 1 ? folders.find((f) => f.uri.fsPath === workspace)?.name : undefined;
    const line = `${name ? `[${name}] ` : ''}${formatEventLine(entry)}`;
    if (WARN_TYPES.has(entry.event.type)) this.channel.warn(line);
    else this.channel.info(line);
  }

  dispose(): void {
    this.store.dispose();
    this.logs.close().catch((err: unknown) => this.logger.warn(`audit logs did not close cleanly: ${(err as Error).message}`));
  }
}
