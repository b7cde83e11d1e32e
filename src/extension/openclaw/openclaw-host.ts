// The window's OpenClaw node: one bridge serving the first workspace folder,
// started when `clawdock.openclaw.enabled` is on and the workspace is trusted,
// rebuilt when the bridge settings change. Commands it serves go through the
// folder's policy, sandbox, audit log and the editor's approval queue.
import * as vscode from 'vscode';
import { queueApprover } from '../agent/queue-approver';
import { recordingApprover } from '../../agent';
import { Emitter, type Event } from '../../core/event';
import { loadOrCreateIdentity, OpenClawBridge, readOpenClawSettings, type BridgeStatus, type NodeServices } from '../../gateway';
import { configSource } from '../config';
import type { Ctx } from '../ctx';
import { OPENCLAW_SECRET_KEYS, SecretIdentityStore } from './secret-identity-store';
import { WindowAgent } from './window-agent';

/** The status and the steps still needed, or `off` when no bridge runs. */
export type HostState = { readonly status: BridgeStatus; readonly steps: readonly string[] };

/** Owns the bridge for this window. */
export class OpenClawHost implements vscode.Disposable {
  private bridge: OpenClawBridge | undefined;
  private agent: WindowAgent | undefined;
  private bridgeEvents: { dispose(): void } | undefined;
  private starting: Promise<void> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private _state: HostState = { status: { kind: 'stopped' }, steps: [] };
  private readonly _onDidChangeState = new Emitter<HostState>();
  /** Fires when the bridge's status or remaining steps change. */
  readonly onDidChangeState: Event<HostState> = this._onDidChangeState.event;

  constructor(private readonly ctx: Ctx) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('clawdock.openclaw')) void this.restart();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.restart()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.restart()),
    );
  }

  get state(): HostState {
    return this._state;
  }

  /** Starts the bridge when the settings ask for it (activation, after Connect, after a settings change). */
  restart(): Promise<void> {
    this.starting = (this.starting ?? Promise.resolve()).then(() => this.rebuild()).catch((error: unknown) => {
      this.ctx.logger.error(`OpenClaw: ${(error as Error).message}`);
      this.setState({ status: { kind: 'refused', detail: (error as Error).message }, steps: [] });
    });
    return this.starting;
  }

  /** Stores the gateway token (masked from now on); undefined keeps the stored one, '' removes it. */
  async setToken(token: string | undefined): Promise<void> {
    if (token === undefined) return;
    if (token === '') return this.ctx.extension.secrets.delete(OPENCLAW_SECRET_KEYS.token);
    this.ctx.redaction.addSecretValue(token);
    await this.ctx.extension.secrets.store(OPENCLAW_SECRET_KEYS.token, token);
  }

  private async rebuild(): Promise<void> {
    await this.stop();
    const folder = vscode.workspace.workspaceFolders?.[0];
    const settings = readOpenClawSettings(configSource(), `Clawdock (${folder?.name ?? 'no folder'})`);
    if (!settings.enabled || !folder || !this.ctx.trusted) {
      this.setState({ status: { kind: 'stopped' }, steps: [] });
      return;
    }
    const store = new SecretIdentityStore(this.ctx.extension.secrets, (v) => this.ctx.redaction.addSecretValue(v));
    const token = await this.ctx.extension.secrets.get(OPENCLAW_SECRET_KEYS.token);
    if (token) this.ctx.redaction.addSecretValue(token);
    const audit = { append: (event: Parameters<typeof this.ctx.audit.record>[1]) => this.ctx.audit.record(folder, event) };
    const agent = new WindowAgent(this.ctx, folder);
    const services: NodeServices = {
      workspace: folder.uri.fsPath,
      policy: () => this.ctx.approvals.policies.get(folder),
      sandbox: this.ctx.sandboxes.get(folder),
      audit,
      redactor: () => this.ctx.redaction.current,
      approver: queueApprover({
        queue: this.ctx.approvals.queue,
        show: (item) => void this.ctx.approvals.open(item).catch((err: unknown) => this.ctx.logger.warn(`could not show approval ${item.id}: ${(err as Error).message}`)),
        fallback: recordingApprover(async () => ({ verdict: 'reject', note: 'only commands are asked for gateway callers' }), audit, { by: 'owner', surface: 'editor' }),
      }),
      agent,
      logger: this.ctx.logger,
    };
    const bridge = new OpenClawBridge({
      url: settings.gatewayUrl, ...(token ? { token } : {}), identity: await loadOrCreateIdentity(store), store,
      displayName: settings.displayName, version: String(this.ctx.extension.extension.packageJSON.version ?? '0.0.0'),
      sessionProfiles: settings.sessionProfiles, services, logger: this.ctx.logger,
    });
    this.bridge = bridge;
    this.agent = agent;
    this.bridgeEvents = bridge.onDidChangeStatus((s) => this.setState(s));
    bridge.start();
    this.setState(bridge.setup());
  }

  private async stop(): Promise<void> {
    this.bridgeEvents?.dispose();
    this.bridgeEvents = undefined;
    this.bridge?.dispose();
    this.bridge = undefined;
    await this.agent?.close().catch(() => undefined);
    this.agent = undefined;
  }

  private setState(state: HostState): void {
    const before = this._state.status.kind;
    this._state = state;
    this._onDidChangeState.fire(state);
    // The owner approved on the gateway host while this window waited: say so once.
    if (before === 'pairing-pending' && state.status.kind === 'connected') {
      void vscode.window.showInformationMessage(`Clawdock: the OpenClaw gateway approved this node — ${state.status.detail}`);
    }
  }

  dispose(): void {
    void this.stop();
    for (const s of this.subscriptions) s.dispose();
    this._onDidChangeState.dispose();
  }
}
