// One node's WebSocket connection to an OpenClaw gateway: challenge → signed
// connect → hello-ok, requests matched to responses, events passed on, a tick
// watchdog, and reconnects with exponential backoff and jitter. A refusal that
// retrying cannot fix (another protocol version, a wrong token) stops the loop
// with one clear error instead.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { ClawdockError } from '../../core/errors';
import type { Disposable } from '../../core/disposable';
import { Emitter, type Event } from '../../core/event';
import type { Logger } from '../../core/logger';
import { silentLogger } from '../../core/logger';
import { backoffDelay, type BackoffOptions } from '../builtin/backoff';
import { connectErrorOf, OpenClawConnectError } from './connect-error';
import { connectParams } from './connect-request';
import type { DeviceIdentity, IdentityStore } from './device-identity';
import {
  challengePayload, gatewayFrame, helloOkPayload, PROTOCOL_VERSION, type EventFrame, type GatewayErrorShape, type HelloOk, type ResponseFrame,
} from './protocol';

/** Where the connection stands. */
export type ConnectionState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'connecting'; readonly attempt: number }
  | { readonly kind: 'connected'; readonly hello: HelloOk }
  /** Waiting to try again; `error` says why the last attempt failed (a pairing wait among them). */
  | { readonly kind: 'retrying'; readonly inMs: number; readonly error: Error }
  /** Given up: nothing but the owner's change (token, versions) can fix it. */
  | { readonly kind: 'refused'; readonly error: OpenClawConnectError }
  | { readonly kind: 'stopped' };

/** A request the gateway answered with an error. */
export class GatewayRequestError extends ClawdockError {
  override name = 'GatewayRequestError';
  constructor(readonly method: string, readonly error: GatewayErrorShape | undefined) {
    super(`the OpenClaw gateway refused ${method}: ${error?.message ?? error?.code ?? 'no reason given'}`);
  }
}

/** What a connection is made of. */
export interface GatewayConnectionOptions {
  /** `ws://` or `wss://` URL of the gateway. */
  readonly url: string;
  /** The gateway's shared token; without it the stored device token is used. */
  readonly token?: string;
  readonly identity: DeviceIdentity;
  readonly store: IdentityStore;
  readonly commands: readonly string[];
  readonly displayName: string;
  readonly version: string;
  readonly platform?: string;
  readonly protocol?: { readonly min: number; readonly max: number };
  readonly backoff?: BackoffOptions;
  readonly random?: () => number;
  readonly logger?: Logger;
  /** How long to wait for the challenge and for the answer to connect. */
  readonly handshakeTimeoutMs?: number;
  /** How long a request may wait for its response. */
  readonly requestTimeoutMs?: number;
}

/** OpenClaw's reference client: 1 s first retry, 30 s at most. */
export const OPENCLAW_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 30_000 };
/** A gateway still waiting for the owner's device approval is asked again at most this often. */
const PAIRING_RETRY_MIN_MS = 5_000;
const DEFAULT_TICK_MS = 30_000;
const MAX_FRAME_BYTES = 25 * 1024 * 1024;

interface Pending {
  readonly resolve: (payload: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
  readonly method: string;
}

/** A node's connection to a gateway, reconnecting until stopped or refused. */
export class GatewayConnection implements Disposable {
  private socket: WebSocket | undefined;
  private readonly pending = new Map<string, Pending>();
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private lastFrameAt = 0;
  private stopped = false;
  private usedDeviceTokenRetry = false;
  private _state: ConnectionState = { kind: 'idle' };

  private readonly _onDidChangeState = new Emitter<ConnectionState>();
  /** Fires on every state change. */
  readonly onDidChangeState: Event<ConnectionState> = this._onDidChangeState.event;
  private readonly _onEvent = new Emitter<EventFrame>();
  /** Events the gateway pushes after hello-ok (invocations, pairing decisions, ticks). */
  readonly onEvent: Event<EventFrame> = this._onEvent.event;

  private readonly logger: Logger;
  private readonly offered: { min: number; max: number };

  constructor(private readonly options: GatewayConnectionOptions) {
    this.logger = options.logger ?? silentLogger;
    this.offered = { min: options.protocol?.min ?? PROTOCOL_VERSION, max: options.protocol?.max ?? PROTOCOL_VERSION };
  }

  get state(): ConnectionState {
    return this._state;
  }

  /** Starts connecting (and keeps reconnecting). */
  start(): void {
    if (this.stopped || this._state.kind !== 'idle') return;
    this.open();
  }

  /** Sends a request and resolves with its payload; rejects with GatewayRequestError, or when the connection drops or the time runs out. */
  request(method: string, params: unknown, timeoutMs = this.options.requestTimeoutMs ?? 30_000): Promise<unknown> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN || this._state.kind !== 'connected') {
      return Promise.reject(new ClawdockError(`not connected to the OpenClaw gateway at ${this.options.url}; ${method} was not sent`));
    }
    return this.send(socket, method, params, timeoutMs);
  }

  /** Closes the connection for good. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.closeSocket(1000, 'node stopping');
    this.setState({ kind: 'stopped' });
  }

  dispose(): void {
    this.stop();
    this._onDidChangeState.dispose();
    this._onEvent.dispose();
  }

  private setState(state: ConnectionState): void {
    this._state = state;
    this._onDidChangeState.fire(state);
  }

  private open(): void {
    if (this.stopped) return;
    this.attempt += 1;
    this.setState({ kind: 'connecting', attempt: this.attempt });
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url, { maxPayload: MAX_FRAME_BYTES, handshakeTimeout: this.options.handshakeTimeoutMs ?? 15_000 });
    } catch (error) {
      this.refuse(new OpenClawConnectError(`the OpenClaw gateway URL ${JSON.stringify(this.options.url)} is not usable: ${(error as Error).message}`, 'auth', undefined, {}, {
        hint: 'give a ws:// or wss:// URL such as ws://127.0.0.1:18789 (setting `clawdock.openclaw.gatewayUrl`)',
      }));
      return;
    }
    this.socket = socket;
    let helloDone = false;
    let challengeTimer: NodeJS.Timeout | undefined = setTimeout(() => this.fail(socket, new ClawdockError(`the OpenClaw gateway at ${this.options.url} sent no connect challenge`)), this.options.handshakeTimeoutMs ?? 15_000);

    socket.on('message', (data, isBinary) => {
      if (socket !== this.socket) return;
      this.lastFrameAt = Date.now();
      if (isBinary) return this.logger.warn('OpenClaw: ignored a binary frame from the gateway');
      let frame;
      try {
        const parsed = gatewayFrame.safeParse(JSON.parse(data.toString()));
        if (!parsed.success) return this.logger.warn(`OpenClaw: ignored a frame that is not a response or event: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`);
        frame = parsed.data;
      } catch {
        return this.logger.warn('OpenClaw: ignored a frame that is not JSON');
      }
      if (frame.type === 'res') return this.settle(frame);
      if (!helloDone) {
        if (frame.event !== 'connect.challenge') return;
        clearTimeout(challengeTimer);
        challengeTimer = undefined;
        const challenge = challengePayload.safeParse(frame.payload);
        if (!challenge.success) return this.fail(socket, new ClawdockError(`the OpenClaw gateway at ${this.options.url} sent a malformed connect challenge`));
        void this.handshake(socket, challenge.data.nonce, challenge.data.ts).then((ok) => {
          helloDone = ok;
        });
        return;
      }
      this._onEvent.fire(frame);
    });
    socket.on('close', (code, reason) => {
      clearTimeout(challengeTimer);
      if (socket !== this.socket) return;
      this.socket = undefined;
      this.stopWatchdog();
      this.rejectAll(new ClawdockError(`the connection to the OpenClaw gateway closed (${code}${reason.length ? ` ${reason.toString().slice(0, 200)}` : ''})`));
      if (this.stopped || this._state.kind === 'refused') return;
      const previous = this._state;
      const error = previous.kind === 'retrying' ? previous.error : new ClawdockError(`the connection to the OpenClaw gateway at ${this.options.url} closed (${code}${reason.length ? `: ${reason.toString().slice(0, 200)}` : ''})`);
      this.scheduleRetry(error);
    });
    socket.on('error', (error) => {
      if (socket !== this.socket) return;
      this.logger.debug(`OpenClaw: socket error: ${error.message}`);
    });
  }

  /** Sends connect; true once hello-ok arrived. */
  private async handshake(socket: WebSocket, nonce: string, signedAt: number): Promise<boolean> {
    const token = this.usedDeviceTokenRetry ? undefined : this.options.token;
    const deviceToken = await this.options.store.readDeviceToken(this.options.url).catch(() => undefined);
    const params = connectParams({
      identity: this.options.identity, nonce, signedAt, ...(token !== undefined ? { token } : {}), ...(deviceToken !== undefined ? { deviceToken } : {}),
      commands: this.options.commands, displayName: this.options.displayName, version: this.options.version,
      platform: this.options.platform ?? process.platform, protocol: this.offered,
    });
    let payload: unknown;
    try {
      payload = await this.send(socket, 'connect', params, this.options.handshakeTimeoutMs ?? 15_000);
    } catch (error) {
      if (!(error instanceof GatewayRequestError)) {
        this.fail(socket, error as Error);
        return false;
      }
      const refusal = connectErrorOf(this.options.url, error.error, this.offered);
      // OpenClaw's own rule: one retry with the stored device token after a token mismatch, on loopback only.
      if (refusal.code === 'AUTH_TOKEN_MISMATCH' && deviceToken && !this.usedDeviceTokenRetry && isLoopbackUrl(this.options.url)) {
        this.usedDeviceTokenRetry = true;
        this.fail(socket, new OpenClawConnectError(`${refusal.message}; retrying once with the device token this gateway issued`, 'transient', refusal.code, refusal.details), 250);
        return false;
      }
      if (refusal.kind === 'protocol' || refusal.kind === 'auth') {
        this.refuse(refusal);
        return false;
      }
      this.fail(socket, refusal, refusal.kind === 'pairing' ? PAIRING_RETRY_MIN_MS : retryAfter(error.error));
      return false;
    }
    const hello = helloOkPayload.safeParse(payload);
    if (!hello.success) {
      this.refuse(new OpenClawConnectError(`the OpenClaw gateway at ${this.options.url} answered connect with something that is not hello-ok`, 'protocol', undefined));
      return false;
    }
    if (hello.data.protocol < this.offered.min || hello.data.protocol > this.offered.max) {
      this.refuse(connectErrorOf(this.options.url, { code: 'INVALID_REQUEST', message: `hello-ok for protocol ${hello.data.protocol}`, details: { code: 'PROTOCOL_MISMATCH', expectedProtocol: hello.data.protocol } }, this.offered));
      return false;
    }
    const issued = hello.data.auth?.deviceToken;
    if (issued && issued !== deviceToken) {
      await this.options.store.writeDeviceToken(this.options.url, issued).catch((e: unknown) => this.logger.warn(`OpenClaw: the device token could not be stored: ${(e as Error).message}`));
    }
    this.attempt = 0;
    this.startWatchdog(hello.data.policy?.tickIntervalMs ?? DEFAULT_TICK_MS, socket);
    this.setState({ kind: 'connected', hello: hello.data });
    return true;
  }

  private send(socket: WebSocket, method: string, params: unknown, timeoutMs: number): Promise<unknown> {
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ClawdockError(`the OpenClaw gateway did not answer ${method} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer, method });
      socket.send(JSON.stringify({ type: 'req', id, method, params }), (error) => {
        if (!error) return;
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new ClawdockError(`${method} could not be sent to the OpenClaw gateway: ${error.message}`));
      });
    });
  }

  private settle(frame: ResponseFrame): void {
    const pending = this.pending.get(frame.id);
    if (!pending) return;
    this.pending.delete(frame.id);
    clearTimeout(pending.timer);
    if (frame.ok) pending.resolve(frame.payload);
    else pending.reject(new GatewayRequestError(pending.method, frame.error));
  }

  private rejectAll(error: Error): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(id);
    }
  }

  /** Drops this socket and retries (after `minDelayMs` at least). */
  private fail(socket: WebSocket, error: Error, minDelayMs = 0): void {
    if (socket !== this.socket) return;
    this.logger.info(`OpenClaw: ${error.message}`);
    this.setState({ kind: 'retrying', inMs: 0, error });
    this.socket = undefined;
    this.stopWatchdog();
    this.rejectAll(error);
    socket.terminate();
    this.scheduleRetry(error, minDelayMs);
  }

  private refuse(error: OpenClawConnectError): void {
    this.logger.error(`OpenClaw: ${error.message}`);
    const socket = this.socket;
    this.socket = undefined;
    this.stopWatchdog();
    this.rejectAll(error);
    socket?.terminate();
    this.setState({ kind: 'refused', error });
  }

  private scheduleRetry(error: Error, minDelayMs = 0): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    const inMs = Math.max(minDelayMs, backoffDelay(Math.max(0, this.attempt - 1), this.options.backoff ?? OPENCLAW_BACKOFF, this.options.random));
    this.setState({ kind: 'retrying', inMs, error });
    this.retryTimer = setTimeout(() => this.open(), inMs);
  }

  private startWatchdog(tickMs: number, socket: WebSocket): void {
    this.stopWatchdog();
    this.lastFrameAt = Date.now();
    // The gateway ticks every tickIntervalMs; twice that without a frame means the connection is dead.
    this.watchdog = setInterval(() => {
      if (Date.now() - this.lastFrameAt > tickMs * 2) this.fail(socket, new ClawdockError(`the OpenClaw gateway sent nothing for ${Math.round((tickMs * 2) / 1000)} s`));
    }, Math.min(tickMs, 5_000));
    this.watchdog.unref?.();
  }

  private stopWatchdog(): void {
    clearInterval(this.watchdog);
    this.watchdog = undefined;
  }

  private closeSocket(code: number, reason: string): void {
    const socket = this.socket;
    this.socket = undefined;
    this.stopWatchdog();
    this.rejectAll(new ClawdockError('the OpenClaw connection was stopped'));
    try {
      socket?.close(code, reason);
    } catch {
      socket?.terminate();
    }
  }
}

/** True for ws(s)://127.x, ::1 and localhost. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

function retryAfter(error: GatewayErrorShape | undefined): number {
  const ms = error?.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? Math.min(ms, 60_000) : 0;
}
