// One workspace folder's agent: builds sessions from the settings (provider,
// model, budgets), the folder's policy, sandbox, files and audit log, with
// approvals through the window's approval queue; runs one task at a time,
// cancellable from the panel and by Stop Everything.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { editableFilesFor } from '../../changes';
import { clawdockHome } from '../../core/clawdock-home';
import type { AgentEvent, AgentSession, ApprovalDecider, SessionSummary, TurnResult } from '../../agent';
import { listSessions, openAgentSession, readTranscript, recordingApprover } from '../../agent';
import type { LoadedTranscript } from '../../agent/transcript';
import type { Caller } from '../../core/caller';
import { ClawdockError } from '../../core/errors';
import type { Disposable } from '../../core/disposable';
import { Emitter, type Event } from '../../core/event';
import { workspaceKey } from '../../core/workspace-key';
import { visible } from '../../policy';
import { configSource } from '../config';
import type { Ctx } from '../ctx';
import { readAgentSettings } from '../../agent/agent-settings';
import { createProvider } from './create-provider';
import { readEditorModelAllowlist, readEditorOnViolation } from './layered-settings';
import { taskOnViolation } from '../../agent/violation-setting';
import { queueApprover } from './queue-approver';
import { selectLanguageModel, VscodeLmProvider } from './vscode-lm-provider';

/** The folder of a workspace folder's saved sessions, under the extension's global storage. */
export function sessionsDirOf(ctx: Ctx, folder: vscode.WorkspaceFolder): string {
  return join(ctx.extension.globalStorageUri.fsPath, 'sessions', workspaceKey(folder.uri.fsPath));
}

/** A workspace folder's agent: its current session and the task running in it. */
export class FolderAgent implements Disposable {
  private session: AgentSession | undefined;
  private opening: Promise<AgentSession> | undefined;
  private running: AbortController | undefined;
  private sessionEvents: Disposable | undefined;
  private readonly _onEvent = new Emitter<AgentEvent>();
  /** The current session's events. */
  readonly onEvent: Event<AgentEvent> = this._onEvent.event;
  /** The session to open next (a reopened one), until it is opened. */
  private resumeId: string | undefined;
  readonly sessionsDir: string;

  constructor(
    private readonly ctx: Ctx,
    readonly folder: vscode.WorkspaceFolder,
  ) {
    this.sessionsDir = sessionsDirOf(ctx, folder);
  }

  /** True while a task runs. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** The open session's id, or the one to be reopened. */
  get sessionId(): string | undefined {
    return this.session?.id ?? this.resumeId;
  }

  /** The saved sessions of this folder, newest first. */
  sessions(): Promise<SessionSummary[]> {
    return listSessions(this.sessionsDir);
  }

  /** Reads a saved session (for showing it before it continues). */
  transcript(id: string): Promise<LoadedTranscript> {
    return readTranscript(this.sessionsDir, id);
  }

  /** Closes the current session; the next task starts a new one, or continues `resumeId`. */
  async switchTo(resumeId: string | undefined): Promise<void> {
    if (this.busy) throw new ClawdockError('the agent is working on a task', { hint: 'stop it first' });
    await this.closeSession();
    this.resumeId = resumeId;
  }

  /**
   * Reopens the current session with the settings as they are now (a new
   * provider or model applies to the next task without losing the conversation).
   */
  async reload(): Promise<void> {
    if (this.busy || !this.session) return;
    const id = this.session.id;
    await this.closeSession();
    this.resumeId = id;
  }

  /** Runs one task to its end in the current session (opened first when needed). */
  async run(text: string, caller: Caller): Promise<TurnResult> {
    if (this.running) throw new ClawdockError('the agent is already working on a task in this folder', { hint: 'wait for it or stop it' });
    const abort = new AbortController();
    this.running = abort;
    const registration = this.ctx.stops.register({ workspace: this.folder.uri.fsPath, kind: 'turn', cancel: (reason) => abort.abort(new Error(reason)) });
    try {
      const session = await this.open();
      return await session.runTurn({ text, caller, onViolation: taskOnViolation(caller, readEditorOnViolation(this.folder)) }, { signal: abort.signal });
    } finally {
      registration.dispose();
      this.running = undefined;
    }
  }

  /** Cancels the running task: pending approvals are cancelled, a running command is killed. */
  cancel(reason = 'cancelled from the chat panel'): boolean {
    if (!this.running) return false;
    this.running.abort(new Error(reason));
    return true;
  }

  private open(): Promise<AgentSession> {
    if (this.session) return Promise.resolve(this.session);
    this.opening ??= this.build().then((session) => {
      this.session = session;
      this.resumeId = undefined;
      this.sessionEvents = session.onEvent((e) => this._onEvent.fire(e));
      return session;
    }).finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async build(): Promise<AgentSession> {
    const { ctx, folder } = this;
    const settings = readAgentSettings(configSource(folder));
    const provider = await createProvider(settings, {
      apiKey: (id) => ctx.secrets.apiKey(id),
      vscodeLm: async (model) => new VscodeLmProvider(await selectLanguageModel(model)),
      logger: ctx.logger,
    });
    const audit = { append: (event: Parameters<typeof ctx.audit.record>[1]) => ctx.audit.record(folder, event), appendBatched: (event: Parameters<typeof ctx.audit.record>[1]) => ctx.audit.recordBatched(folder, event) };
    const files = editableFilesFor(ctx.sandboxes.get(folder), clawdockHome());
    return openAgentSession({
      provider,
      policy: await ctx.approvals.policies.get(folder),
      sandbox: ctx.sandboxes.get(folder),
      files,
      // The model is told what its commands and writes left waiting in the shadow layer.
      changes: ctx.changes.sets.agentChanges(folder),
      audit,
      redactor: ctx.redaction.current,
      approver: queueApprover({
        queue: ctx.approvals.queue,
        show: (item) => void ctx.approvals.open(item).catch((err: unknown) => ctx.logger.warn(`could not show approval ${item.id}: ${(err as Error).message}`)),
        fallback: recordingApprover(askInDialog, audit, { by: 'owner', surface: 'editor' }),
      }),
      workspace: folder.uri.fsPath,
      sessionsDir: this.sessionsDir,
      ...(this.resumeId ? { resume: this.resumeId } : {}),
      budget: settings.budget,
      // Read at every request, so a narrowed list applies to the open session at once.
      models: () => readEditorModelAllowlist(folder),
      ...(settings.instructions ? { instructions: settings.instructions } : {}),
    });
  }

  private async closeSession(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.sessionEvents?.dispose();
    this.sessionEvents = undefined;
    if (session) await session.close().catch((err: unknown) => this.ctx.logger.warn(`agent session ${session.id} did not close cleanly: ${(err as Error).message}`));
  }

  dispose(): void {
    this.cancel('the window is closing');
    void this.closeSession();
    this._onEvent.dispose();
  }
}

/**
 * Reads asked about in `ask-all` mode have no place in the approval queue
 * (commands and edits only): they are asked in a modal dialog.
 */
const askInDialog: ApprovalDecider = async (request) => {
  if (request.subject.kind !== 'read') return { verdict: 'reject', note: 'only reads are asked in a dialog' };
  const allow = 'Allow';
  const choice = await vscode.window.showWarningMessage(
    `Clawdock: the agent wants to ${visible(request.subject.tool)} ${visible(request.subject.path)}`,
    { modal: true, detail: request.decision.reasons.map(visible).join('\n') },
    allow,
  );
  return choice === allow ? { verdict: 'approve' } : { verdict: 'reject', note: 'the owner declined the read' };
};
