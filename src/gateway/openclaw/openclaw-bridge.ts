// The OpenClaw node bridge: keeps the connection, publishes `vscode_agent`
// (again after each pairing approval), and serves every `node.invoke.request`
// — validated, decided for the caller's profile, approved by the owner when
// asked, run in the sandbox, audited — with one `node.invoke.result`.
// Cancels, deadlines and a cap on concurrent invocations are enforced here.
import { ApprovalMismatchError } from '../../approvals';
import { ClawdockError } from '../../core/errors';
import type { Disposable } from '../../core/disposable';
import { Emitter, type Event } from '../../core/event';
import type { Logger } from '../../core/logger';
import { silentLogger } from '../../core/logger';
import type { OpenClawConnectError } from './connect-error';
import { GatewayConnection, type ConnectionState, type GatewayConnectionOptions } from './gateway-connection';
import { invokeCancelPayload, invokeRequestPayload, pairResolvedPayload, pluginToolsAccepted, type EventFrame, type InvokeRequest } from './protocol';
import { sessionCaller, type SessionProfileRule } from './session-caller';
import { setupSteps, type BridgeStatus } from './setup-steps';
import { prepareSystemRun, systemRun } from './system-run';
import { systemWhich } from './system-which';
import { refused, type Invocation, type InvokeOutcome, type NodeServices } from './node-services';
import { VSCODE_AGENT_TOOL, vscodeAgent } from './vscode-agent';

/** Commands every Clawdock node serves. */
export const SYSTEM_COMMANDS = ['system.run.prepare', 'system.run', 'system.which'] as const;
/** Invocations served at once; more are refused as busy rather than queued behind a stuck approval. */
const MAX_CONCURRENT = 4;
/** When the gateway names no timeout. */
const DEFAULT_INVOKE_TIMEOUT_MS = 30_000;
const PROGRESS_CHUNK_BYTES = 16_000;
const PROGRESS_TOTAL_BYTES = 1024 * 1024;
/** Results larger than this are refused rather than sent (the gateway's frame limit is 25 MiB). */
const MAX_RESULT_BYTES = 8 * 1024 * 1024;

type Handler = (params: unknown, invocation: Invocation, services: NodeServices) => Promise<InvokeOutcome>;

/** What a bridge is made of. */
export interface OpenClawBridgeOptions extends Omit<GatewayConnectionOptions, 'commands'> {
  readonly services: NodeServices;
  /** The owner's per-session overrides of caller profiles (`clawdock.openclaw.sessionProfiles`). */
  readonly sessionProfiles?: readonly SessionProfileRule[];
}

/** A node serving one workspace to one OpenClaw gateway. */
export class OpenClawBridge implements Disposable {
  readonly connection: GatewayConnection;
  private readonly handlers: ReadonlyMap<string, Handler>;
  private readonly running = new Map<string, AbortController>();
  private readonly logger: Logger;
  private mainSessionKey: string | undefined;
  private acceptedTools: readonly string[] | undefined;
  private surfaceApproved = false;
  private lastConnectError: OpenClawConnectError | undefined;
  private readonly subscriptions: Disposable[] = [];

  private readonly _onDidChangeStatus = new Emitter<{ status: BridgeStatus; steps: string[] }>();
  /** Fires when the status or the remaining setup steps may have changed. */
  readonly onDidChangeStatus: Event<{ status: BridgeStatus; steps: string[] }> = this._onDidChangeStatus.event;

  constructor(private readonly options: OpenClawBridgeOptions) {
    this.logger = options.logger ?? options.services.logger ?? silentLogger;
    const handlers = new Map<string, Handler>([
      ['system.run.prepare', prepareSystemRun],
      ['system.run', systemRun],
      ['system.which', systemWhich],
    ]);
    if (options.services.agent) handlers.set(VSCODE_AGENT_TOOL.command, vscodeAgent);
    this.handlers = handlers;
    this.connection = new GatewayConnection({ ...options, logger: this.logger, commands: [...handlers.keys()] });
    this.subscriptions.push(
      this.connection.onDidChangeState((s) => this.onState(s)),
      this.connection.onEvent((e) => this.onEvent(e)),
    );
  }

  /** This node's id at the gateway (the device id). */
  get nodeId(): string {
    return this.options.identity.deviceId;
  }

  /** The status now and the steps the owner still has to take. */
  setup(): { status: BridgeStatus; steps: string[] } {
    const state = this.connection.state;
    if (state.kind === 'stopped' || state.kind === 'idle') return { status: { kind: 'stopped' }, steps: [] };
    return setupSteps({
      url: this.options.url, nodeId: this.nodeId, displayName: this.options.displayName,
      declaresAgentTool: this.handlers.has(VSCODE_AGENT_TOOL.command), connected: state.kind === 'connected',
      ...(this.lastConnectError ? { connectError: this.lastConnectError } : {}),
      ...(this.acceptedTools ? { acceptedTools: this.acceptedTools } : {}),
      surfaceApproved: this.surfaceApproved,
    });
  }

  start(): void {
    this.connection.start();
  }

  /** Stops serving: running invocations are cancelled (their commands killed) and the connection closes. */
  dispose(): void {
    for (const controller of this.running.values()) controller.abort(new Error('the OpenClaw bridge stopped'));
    this.running.clear();
    for (const s of this.subscriptions) s.dispose();
    this.connection.dispose();
    this._onDidChangeStatus.dispose();
  }

  private fireStatus(): void {
    this._onDidChangeStatus.fire(this.setup());
  }

  private onState(state: ConnectionState): void {
    if (state.kind === 'connected') {
      this.lastConnectError = undefined;
      this.mainSessionKey = state.hello.snapshot?.sessionDefaults?.mainSessionKey;
      this.logger.info(`OpenClaw: connected to ${this.options.url} (gateway ${state.hello.server.version ?? '?'}) as node ${this.nodeId.slice(0, 12)}…`);
      void this.publishTools();
    } else if (state.kind === 'refused') {
      this.lastConnectError = state.error;
    } else if (state.kind === 'retrying') {
      this.acceptedTools = undefined;
      this.lastConnectError = state.error.name === 'OpenClawConnectError' ? state.error as OpenClawConnectError : undefined;
    }
    this.fireStatus();
  }

  /** Publishes the tool list (empty without an agent); the answer says what the gateway lets through. */
  private async publishTools(): Promise<void> {
    const tools = this.handlers.has(VSCODE_AGENT_TOOL.command) ? [VSCODE_AGENT_TOOL] : [];
    try {
      const answer = pluginToolsAccepted.safeParse(await this.connection.request('node.pluginTools.update', { tools }));
      this.acceptedTools = answer.success ? answer.data.tools.map((t) => t.name) : [];
      if (this.acceptedTools.length > 0) this.surfaceApproved = true;
    } catch (error) {
      this.logger.warn(`OpenClaw: publishing vscode_agent failed: ${(error as Error).message}`);
    }
    this.fireStatus();
  }

  private onEvent(frame: EventFrame): void {
    switch (frame.event) {
      case 'node.invoke.request': {
        const request = invokeRequestPayload.safeParse(frame.payload);
        if (!request.success) return this.logger.warn(`OpenClaw: ignored a malformed node.invoke.request: ${request.error.issues[0]?.message ?? ''}`);
        void this.serve(request.data);
        return;
      }
      case 'node.invoke.cancel': {
        const cancel = invokeCancelPayload.safeParse(frame.payload);
        if (cancel.success && cancel.data.nodeId === this.nodeId) this.running.get(cancel.data.invokeId)?.abort(new Error('the caller cancelled the invocation'));
        return;
      }
      case 'node.pair.resolved': {
        const resolved = pairResolvedPayload.safeParse(frame.payload);
        if (!resolved.success || (resolved.data.nodeId !== undefined && resolved.data.nodeId !== this.nodeId)) return;
        this.logger.info(`OpenClaw: the gateway ${resolved.data.decision} this node's pairing request`);
        if (resolved.data.decision === 'approved') {
          this.surfaceApproved = true;
          void this.publishTools();
        }
        this.fireStatus();
        return;
      }
      default:
        return;
    }
  }

  private async serve(request: InvokeRequest): Promise<void> {
    if (request.nodeId !== this.nodeId) return this.logger.warn(`OpenClaw: ignored an invocation for node ${request.nodeId.slice(0, 12)}…`);
    if (this.running.has(request.id)) return;
    const outcome = await this.outcomeOf(request);
    await this.answer(request, outcome);
  }

  private async outcomeOf(request: InvokeRequest): Promise<InvokeOutcome> {
    const handler = this.handlers.get(request.command);
    if (!handler) return refused('UNAVAILABLE', `this Clawdock node does not serve ${request.command}`);
    if (this.running.size >= MAX_CONCURRENT) return refused('UNAVAILABLE', `this Clawdock node is busy with ${this.running.size} invocations; try again when one is done`);
    let params: unknown;
    try {
      params = request.paramsJSON ? JSON.parse(request.paramsJSON) : {};
    } catch {
      return refused('INVALID_REQUEST', 'Clawdock refused the params: paramsJSON is not JSON');
    }
    const paramsKey = params && typeof params === 'object' && typeof (params as { sessionKey?: unknown }).sessionKey === 'string' ? (params as { sessionKey: string }).sessionKey : undefined;
    const who = sessionCaller({ frameKey: request.sessionKey, paramsKey }, { ...(this.mainSessionKey ? { mainSessionKey: this.mainSessionKey } : {}), ...(this.options.sessionProfiles ? { rules: this.options.sessionProfiles } : {}) });
    if (!who.ok) return refused('INVALID_REQUEST', `Clawdock refused the invocation: ${who.reason}`);
    if (request.command.startsWith('system.run')) this.surfaceApproved = true;

    const controller = new AbortController();
    this.running.set(request.id, controller);
    const timeoutMs = request.timeoutMs && request.timeoutMs > 0 ? request.timeoutMs : DEFAULT_INVOKE_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    const timer = setTimeout(() => controller.abort(new Error(`the invocation's ${Math.round(timeoutMs / 1000)} s ran out`)), timeoutMs);
    const invocation: Invocation = {
      id: request.id, caller: who.caller, sessionKey: who.sessionKey, signal: controller.signal, deadline,
      progress: this.progressWriter(request),
    };
    try {
      return await handler(params, invocation, this.options.services);
    } catch (error) {
      if (error instanceof ApprovalMismatchError) return refused('SYSTEM_RUN_DENIED', `Clawdock: ${error.message}; nothing ran`);
      const message = error instanceof ClawdockError ? error.message : `unexpected error: ${(error as Error).message}`;
      this.logger.error(`OpenClaw: ${request.command} ${request.id} failed: ${message}`);
      return refused('UNAVAILABLE', `Clawdock could not serve ${request.command}: ${this.options.services.redactor().redact(message)}`);
    } finally {
      clearTimeout(timer);
      this.running.delete(request.id);
    }
  }

  private async answer(request: InvokeRequest, outcome: InvokeOutcome): Promise<void> {
    let params: Record<string, unknown> = outcome.ok
      ? { id: request.id, nodeId: this.nodeId, ok: true, payload: outcome.payload }
      : { id: request.id, nodeId: this.nodeId, ok: false, error: { code: outcome.code, message: outcome.message } };
    if (Buffer.byteLength(JSON.stringify(params)) > MAX_RESULT_BYTES) {
      params = { id: request.id, nodeId: this.nodeId, ok: false, error: { code: 'UNAVAILABLE', message: 'Clawdock: the result is too large to send; narrow the command\'s output' } };
    }
    try {
      await this.connection.request('node.invoke.result', params);
    } catch (error) {
      this.logger.warn(`OpenClaw: the result of ${request.command} ${request.id} could not be delivered: ${(error as Error).message}`);
    }
  }

  /** `node.invoke.progress` in order, chunked under the gateway's limit, capped in total; failures only logged. */
  private progressWriter(request: InvokeRequest): (text: string) => void {
    let seq = 0;
    let sent = 0;
    let queue = Promise.resolve();
    return (text) => {
      if (!text || sent >= PROGRESS_TOTAL_BYTES) return;
      let rest = text;
      while (rest.length > 0 && sent < PROGRESS_TOTAL_BYTES) {
        const chunk = utf8Prefix(rest, Math.min(PROGRESS_CHUNK_BYTES, PROGRESS_TOTAL_BYTES - sent));
        if (chunk === '') break;
        rest = rest.slice(chunk.length);
        sent += Buffer.byteLength(chunk);
        const params = { invokeId: request.id, nodeId: this.nodeId, seq: seq++, chunk };
        queue = queue.then(() => this.connection.request('node.invoke.progress', params, 10_000).then(() => undefined, () => undefined));
      }
    };
  }
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8 without splitting a character. */
function utf8Prefix(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let end = Math.min(text.length, maxBytes);
  while (end > 0 && Buffer.byteLength(text.slice(0, end)) > maxBytes) end -= 1;
  // Do not cut a surrogate pair in half.
  if (end > 0 && /[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end -= 1;
  return text.slice(0, end);
}
