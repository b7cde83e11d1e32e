// The chat panel's host side: which folder and session the panel shows, the
// panel events of that session (re-sent whenever the webview comes back), the
// approvals of its tool calls mirrored from the queue, and what each validated
// webview message does. The webview renders; this decides.
import * as vscode from 'vscode';
import { DisposableStore } from '../../core/disposable';
import type { AgentEvent } from '../../agent';
import { SET_API_KEY_COMMAND } from '../../agent';
import type { ApprovalItem } from '../../approvals';
import { ownerCaller } from '../../core/caller';
import { ClawdockError } from '../../core/errors';
import type { Disposable } from '../../core/disposable';
import { FolderAgent } from '../agent/folder-agent';
import { describeAgentModel, readAgentSettings } from '../../agent/agent-settings';
import { configSource } from '../config';
import type { Ctx } from '../ctx';
import { currentFolder } from '../folders';
import { ChatView } from './chat-view';
import { openModelLink } from './open-link';
import type { PanelEvent, PanelStatus } from './panel-events';
import { approvalView, displayText, panelApprovalOf, panelEventsOf, panelEventsOfTranscript } from './panel-feed';
import { pickModel } from './pick-model';
import { readEditorModelAllowlist } from '../agent/layered-settings';
import type { WebviewMessage } from './webview-messages';

/** The surface a task typed in the panel comes from. */
const CHAT_OWNER = ownerCaller('chat');
/** Most sessions listed in the picker. */
const SESSIONS_LISTED = 50;
/**
 * What each panel button may run, by kind of approval: the same commands as the
 * editor's lenses. An edit is accepted in its diff, where every hunk is shown;
 * the card shows no content, so it offers no way to accept.
 */
const ACTIONS: Readonly<Record<ApprovalItem['kind'], readonly string[]>> = {
  command: ['approve', 'reject', 'explain', 'open'],
  edit: ['rejectAll', 'explain', 'open'],
};

/** The chat panel: its view, the folder agents, and the conversation shown. */
export class ChatHost implements vscode.Disposable {
  readonly view: ChatView;
  private readonly agents = new Map<string, FolderAgent>();
  private folder: vscode.WorkspaceFolder | undefined;
  private events: PanelEvent[] = [];
  private outbox: PanelEvent[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** Tool calls of the session shown: only their approvals are mirrored, and only those the panel may answer. */
  private readonly callIds = new Set<string>();
  private agentEvents: Disposable | undefined;
  /** Who the running turn works for: shown with its approvals. */
  private turnCaller = CHAT_OWNER;
  private readonly subscriptions = new DisposableStore();

  constructor(private readonly ctx: Ctx) {
    this.view = new ChatView(ctx.extension.extensionUri, (m) => void this.handle(m), ctx.logger);
    this.subscriptions.add(this.view);
    this.subscriptions.add(vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('clawdock.agent')) return;
      // The next task uses the new provider or model, in the same conversation.
      for (const agent of this.agents.values()) void agent.reload();
      void this.postStatus();
    }));
    this.subscriptions.add(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.postStatus()));
    this.subscriptions.add(vscode.workspace.onDidChangeWorkspaceFolders((e) => {
      for (const f of e.removed) {
        this.agents.get(f.uri.toString())?.dispose();
        this.agents.delete(f.uri.toString());
        if (this.folder?.uri.toString() === f.uri.toString()) this.showConversation(undefined, []);
      }
    }));
    this.subscriptions.add(ctx.approvals.queue.onDidChange(({ item }) => {
      if (this.mirrors(item)) this.push([{ kind: 'approval', approval: panelApprovalOf(item) }]);
    }));
  }

  /** The agent working in the panel's folder, if a task has used it. */
  get agent(): FolderAgent | undefined {
    return this.folder ? this.agents.get(this.folder.uri.toString()) : undefined;
  }

  /** Shows the panel with the task input focused, optionally filled in. */
  async focusInput(text?: string): Promise<void> {
    await this.view.reveal();
    this.view.post({ type: 'focus', ...(text !== undefined ? { text } : {}) });
  }

  /** Sends a task as the owner at the panel; the answer streams into the panel. */
  async sendTask(text: string): Promise<void> {
    if (!this.ctx.trusted) throw new ClawdockError('Clawdock runs no agent in an untrusted workspace', { hint: 'trust the workspace first' });
    const folder = this.folder ?? currentFolder();
    if (!folder) throw new ClawdockError('there is no workspace folder for the agent to work in', { hint: 'open a folder first' });
    const agent = this.agentOf(folder);
    if (agent.busy) throw new ClawdockError('the agent is already working on a task', { hint: 'wait for it, or press Stop' });
    if (this.folder !== folder) this.showConversation(folder, []);
    this.watch(agent);
    const result = agent.run(text, CHAT_OWNER);
    void this.postStatus();
    try {
      const { stop } = await result;
      if (stop.reason === 'error' && stop.message.includes(SET_API_KEY_COMMAND)) {
        const set = 'Set API Key…';
        if (await vscode.window.showErrorMessage(`Clawdock: ${stop.message}`, set) === set) await vscode.commands.executeCommand('clawdock.setApiKey');
      }
    } catch (err) {
      // The session could not be opened (provider, policy or settings): say so in the panel too.
      this.push([{ kind: 'notice', level: 'error', text: displayText(err instanceof Error ? err.message : String(err), 4000) }]);
      throw err;
    } finally {
      void this.postStatus();
    }
  }

  /** Cancels the panel's running task; false when none runs. */
  cancel(): boolean {
    return this.agent?.cancel() ?? false;
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.flush();
        this.view.post({ type: 'reset', status: await this.status(), events: this.events });
        return;
      case 'send':
        return this.ctx.runAction('Send task', () => this.sendTask(message.text));
      case 'cancel':
        this.cancel();
        return;
      case 'approval':
        return this.ctx.runAction('Approval', () => this.answer(message.action, message.approvalId));
      case 'openLink':
        return openModelLink(message.href);
      case 'newSession':
        return this.ctx.runAction('New session', () => this.openSession(undefined));
      case 'openSession':
        return this.ctx.runAction('Open session', () => this.openSession(message.sessionId));
      case 'showChanges':
        return this.ctx.runAction('Show Changes', () => this.ctx.changes.view.focus());
      case 'pickModel':
        return this.ctx.runAction('Pick model', async () => {
          const folder = this.folder ?? currentFolder();
          if (await pickModel(readAgentSettings(configSource(folder)), this.ctx.secrets, readEditorModelAllowlist(folder))) await this.postStatus();
        });
    }
  }

  /** Runs the approval command the editor's lens would run, for an approval of this conversation only. */
  private async answer(action: string, approvalId: string): Promise<void> {
    const item = this.ctx.approvals.queue.get(approvalId);
    if (!item || !this.mirrors(item)) throw new ClawdockError(`approval ${approvalId} is not one of this conversation's`);
    if (!ACTIONS[item.kind].includes(action)) throw new ClawdockError(`a ${item.kind} approval has no ${action} action in the chat panel`, { hint: item.kind === 'edit' ? 'accept its hunks in the diff (Review Diff)' : undefined });
    // Approve only what the card showed whole: a longer proposal is approved from its document.
    if (action === 'approve' && !approvalView(item.subject, item.caller).whole) {
      throw new ClawdockError(`approval ${item.id} is too long to show whole in the chat panel, so it is not approved from there`, { hint: 'open it (Show Proposal) and approve it in its proposal document' });
    }
    if (action === 'open') return this.ctx.approvals.open(item);
    await this.ctx.approvals.answeringVia('chat', () => vscode.commands.executeCommand(`clawdock.approval.${action}`, item.id));
  }

  /** Shows a saved session (to continue it with the next task), or an empty new one. */
  private async openSession(id: string | undefined): Promise<void> {
    const folder = this.folder ?? currentFolder();
    if (!folder) return;
    const agent = this.agentOf(folder);
    await agent.switchTo(id);
    if (id === undefined) {
      this.showConversation(folder, []);
      return;
    }
    const transcript = await agent.transcript(id);
    for (const e of transcript.entries) if (e.type === 'turn' && e.turn.role === 'assistant') for (const c of e.turn.toolCalls) this.callIds.add(c.id);
    this.showConversation(folder, panelEventsOfTranscript(transcript.entries));
  }

  private showConversation(folder: vscode.WorkspaceFolder | undefined, events: PanelEvent[]): void {
    if (folder?.uri.toString() !== this.folder?.uri.toString()) this.callIds.clear();
    this.folder = folder;
    this.events = [];
    this.outbox = [];
    for (const e of events) this.remember(e);
    void this.status().then((status) => this.view.post({ type: 'reset', status, events: this.events }));
  }

  private agentOf(folder: vscode.WorkspaceFolder): FolderAgent {
    const key = folder.uri.toString();
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new FolderAgent(this.ctx, folder);
      this.agents.set(key, agent);
    }
    return agent;
  }

  private watch(agent: FolderAgent): void {
    this.agentEvents?.dispose();
    this.agentEvents = agent.onEvent((e) => this.onAgentEvent(e));
  }

  private onAgentEvent(event: AgentEvent): void {
    if (event.type === 'tool-call-proposed') this.callIds.add(event.callId);
    if (event.type === 'turn-started') this.turnCaller = event.caller;
    this.push(panelEventsOf(event, this.turnCaller));
    // After a command, and at the end of a turn (the agent's writes too): what waits in the shadow workspace.
    if ((event.type === 'tool-call-finished' && event.tool === 'run_command') || event.type === 'turn-finished') void this.showWaitingChanges();
    // The session (new or reopened) is on disk once a turn starts: the picker can list it.
    if (event.type === 'turn-started' || event.type === 'turn-finished') void this.postStatus();
  }

  private async showWaitingChanges(): Promise<void> {
    const folder = this.folder;
    const counts = folder ? await this.ctx.changes.waitingAfterTurn(folder) : undefined;
    if (counts && counts.waiting > 0 && folder === this.folder) this.push([{ kind: 'changes', waiting: counts.waiting, held: counts.held }]);
  }

  private mirrors(item: ApprovalItem): boolean {
    return item.toolCall.callId !== undefined && this.callIds.has(item.toolCall.callId) && item.workspace === this.folder?.uri.fsPath;
  }

  /** Remembers events for replay and sends them in small batches (streamed text comes in many pieces). */
  private push(events: readonly PanelEvent[]): void {
    for (const e of events) {
      this.remember(e);
      this.outbox.push(e);
    }
    this.flushTimer ??= setTimeout(() => this.flush(), 16);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.outbox.length === 0) return;
    this.view.post({ type: 'events', events: this.outbox });
    this.outbox = [];
  }

  /** Keeps the replay list short: consecutive text pieces are joined. */
  private remember(event: PanelEvent): void {
    const last = this.events[this.events.length - 1];
    if (event.kind === 'text' && last?.kind === 'text') this.events[this.events.length - 1] = { kind: 'text', text: last.text + event.text };
    else if (event.kind === 'output' && last?.kind === 'output' && last.callId === event.callId) this.events[this.events.length - 1] = { ...last, text: (last.text + event.text).slice(-20_000) };
    else this.events.push(event);
  }

  private async status(): Promise<PanelStatus> {
    const folder = this.folder ?? currentFolder();
    const agent = folder ? this.agentOf(folder) : undefined;
    const sessions = agent ? await agent.sessions().catch((err: unknown) => {
      this.ctx.logger.warn(`chat: could not list sessions: ${(err as Error).message}`);
      return [];
    }) : [];
    const disabled = !this.ctx.trusted
      ? 'Clawdock runs no agent in an untrusted workspace. Trust the workspace to give it tasks.'
      : folder === undefined ? 'Open a folder: the agent works in its sandbox.' : undefined;
    return {
      folder: folder?.name ?? null,
      sessionId: agent?.sessionId ?? null,
      sessions: sessions.slice(0, SESSIONS_LISTED).map((s) => ({ id: s.id, title: displayText(s.title, 120), updatedAt: s.updatedAt })),
      model: describeAgentModel(readAgentSettings(configSource(folder))),
      busy: agent?.busy ?? false,
      ...(disabled ? { disabled } : {}),
    };
  }

  private async postStatus(): Promise<void> {
    this.view.post({ type: 'status', status: await this.status() });
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.agentEvents?.dispose();
    for (const agent of this.agents.values()) agent.dispose();
    this.agents.clear();
    this.subscriptions.dispose();
  }
}
