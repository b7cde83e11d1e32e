// This window's side of the built-in gateway: for each trusted workspace
// folder whose gateway announced itself (its link file), join it, run the
// messages it hands over on this window's agent — one session per chat
// conversation, approvals in the editor, Stop Everything cancels them — and
// show the gateway's state in the status bar.
import * as vscode from 'vscode';
import type { TurnResult } from '../../agent';
import { clawdockHome } from '../../cli/cli-settings';
import { ClawdockError } from '../../core/errors';
import type { GatewayState } from '../../gateway/builtin/gateway';
import { readLinkFile, WindowLinkClient, type LinkTask } from '../../gateway/builtin/window-link/link-client';
import { visible } from '../../policy';
import { FolderAgent } from '../agent/folder-agent';
import type { Ctx } from '../ctx';
import { LINK_POLL_MS, realPath } from './gateway-link-file';

/** The gateway links of this window. */
export class GatewayLinks implements vscode.Disposable {
  readonly home = clawdockHome(process.env);
  readonly #clients = new Map<string, { client: WindowLinkClient; folder: vscode.WorkspaceFolder; state?: GatewayState }>();
  readonly #agents = new Map<string, FolderAgent>();
  readonly #item = vscode.window.createStatusBarItem('clawdock.gatewayStatus', vscode.StatusBarAlignment.Left, 49);
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(private readonly ctx: Ctx) {
    this.#item.name = 'Clawdock Gateway';
    this.#item.command = 'clawdock.showGatewayStatus';
    this.#timer = setInterval(() => void this.refresh(), LINK_POLL_MS);
    void this.refresh();
  }

  /** The gateway state of a folder, when its gateway is joined. */
  stateOf(folder: vscode.WorkspaceFolder): { joined: boolean; state?: GatewayState } {
    const entry = this.#clients.get(folder.uri.fsPath);
    return { joined: entry?.client.connected ?? false, ...(entry?.state ? { state: entry.state } : {}) };
  }

  /** Whether a folder's gateway has announced itself (it may not be joined yet). */
  announced(folder: vscode.WorkspaceFolder): boolean {
    return readLinkFile(this.home, realPath(folder)) !== undefined;
  }

  /** Joins every announced gateway of a trusted folder. */
  async refresh(): Promise<void> {
    if (!this.ctx.trusted) return this.#render();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const key = folder.uri.fsPath;
      let entry = this.#clients.get(key);
      if (entry?.client.connected) continue;
      if (!readLinkFile(this.home, realPath(folder))) continue;
      entry ??= { client: this.#client(folder), folder };
      this.#clients.set(key, entry);
      const joined = await entry.client.connect().catch(() => false);
      if (joined) this.ctx.logger.info(`gateway: joined the gateway of ${folder.name}; its chat messages run on this window's agent`);
      else this.#clients.delete(key);
    }
    this.#render();
  }

  #client(folder: vscode.WorkspaceFolder): WindowLinkClient {
    const key = folder.uri.fsPath;
    return new WindowLinkClient({
      home: this.home, workspace: realPath(folder), client: `VS Code ${vscode.version}`, logger: this.ctx.logger,
      runTask: (task, signal) => this.#run(folder, task, signal),
      onState: (state) => {
        const entry = this.#clients.get(key);
        if (entry) entry.state = state;
        if (!state) this.#clients.delete(key);
        this.#render();
      },
      onNotice: (message) => void vscode.window.showWarningMessage(`Clawdock gateway: ${visible(message)}`),
    });
  }

  async #run(folder: vscode.WorkspaceFolder, task: LinkTask, signal: AbortSignal): Promise<{ stop: TurnResult['stop']; text: string }> {
    if (!this.ctx.trusted) throw new ClawdockError('this workspace is not trusted, so Clawdock runs nothing here');
    const key = `${folder.uri.fsPath}\n${task.conversation}`;
    let agent = this.#agents.get(key);
    if (!agent) {
      agent = new FolderAgent(this.ctx, folder);
      this.#agents.set(key, agent);
    }
    const onAbort = () => agent?.cancel('the gateway cancelled the task');
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      this.ctx.logger.info(`gateway: running a message from ${task.caller.id} (${task.caller.profile}, ${task.origin})`);
      // The agent's default for a non-owner caller is onViolation "halt".
      const result = await agent.run(task.text, task.caller);
      return { stop: result.stop, text: result.text };
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  #render(): void {
    const joined = [...this.#clients.values()].filter((e) => e.client.connected);
    if (joined.length === 0) {
      this.#item.hide();
      return;
    }
    const queued = joined.reduce((n, e) => n + (e.state?.queued ?? 0), 0);
    const running = joined.find((e) => e.state?.running)?.state?.running;
    this.#item.text = `$(radio-tower) Gateway${running ? ': working' : queued > 0 ? `: ${queued} queued` : ''}`;
    this.#item.tooltip = joined.map((e) => `${e.folder.name}: ${e.state?.providers.map((p) => p.id).join(', ') || 'no provider'}${running ? ` — running a message from ${running}` : ''}, ${e.state?.queued ?? 0} queued`).join('\n');
    this.#item.show();
  }

  dispose(): void {
    clearInterval(this.#timer);
    for (const { client } of this.#clients.values()) client.close();
    this.#clients.clear();
    for (const agent of this.#agents.values()) agent.dispose();
    this.#agents.clear();
    this.#item.dispose();
  }
}
