// The gateway's end of the window link: a WebSocket server on 127.0.0.1 that
// one VS Code window at a time may join, by sending the token from the 0600
// link file as its first frame (compared in constant time). While a window is
// joined, tasks run on its agent — approvals in its editor — instead of the
// headless one.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../../core/logger';
import { writePrivateFileSync } from '../../../secrets';
import type { AgentDispatch, GatewayTask, GatewayTaskResult } from '../agent-dispatch';
import type { Gateway } from '../gateway';
import { linkFilePath } from './link-file';
import { CLOSE, gatewayFrameSchema, LINK_PROTOCOL_VERSION, MAX_FRAME_BYTES, parseFrame, windowFrameSchema, type GatewayFrame, type LinkFile } from './protocol';

const HELLO_TIMEOUT_MS = 5_000;

/** The link as the gateway uses it. */
export interface WindowLink {
  readonly port: number;
  readonly file: string;
  /** The joined window's agent, or undefined when none is joined. */
  dispatch(): AgentDispatch | undefined;
  /** Forwards the gateway's state and halt notices to the window. */
  attach(gateway: Gateway): void;
  close(): Promise<void>;
}

/** Options of the link. */
export interface WindowLinkOptions {
  readonly home: string;
  /** The workspace's real path. */
  readonly workspace: string;
  readonly logger: Logger;
}

/** Starts listening and writes the link file. */
export async function startWindowLink(options: WindowLinkOptions): Promise<WindowLink> {
  const token = randomBytes(32).toString('base64url');
  const server = new WebSocketServer({
    host: '127.0.0.1', port: 0, maxPayload: MAX_FRAME_BYTES,
    // A browser always sends Origin; the extension host's client does not. No web page may even try a token.
    verifyClient: (info: { origin?: string }) => !info.origin,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const file = linkFilePath(options.home, options.workspace);
  const link: LinkFile = { v: LINK_PROTOCOL_VERSION, pid: process.pid, port, token, workspace: options.workspace, startedAt: new Date().toISOString() };
  writePrivateFileSync(file, `${JSON.stringify(link)}\n`);

  let window: WindowDispatch | undefined;
  let gateway: Gateway | undefined;

  server.on('connection', (socket) => {
    let joined = false;
    const timer = setTimeout(() => socket.close(CLOSE.helloTimeout, 'no hello within 5 s'), HELLO_TIMEOUT_MS);
    socket.on('message', (data, isBinary) => {
      const parsed = parseFrame(windowFrameSchema, isBinary ? '' : data.toString('utf8'));
      if (!parsed.ok) {
        options.logger.warn(`window link: closing a connection that sent an invalid frame (${parsed.reason})`);
        return socket.close(parsed.version ? CLOSE.version : CLOSE.invalidFrame, parsed.reason.slice(0, 120));
      }
      const frame = parsed.frame;
      if (!joined) {
        if (frame.type !== 'hello') return socket.close(CLOSE.unauthorized, 'hello first');
        clearTimeout(timer);
        if (!sameSecret(frame.token, token)) {
          options.logger.warn('window link: refused a connection with a wrong token');
          return socket.close(CLOSE.unauthorized, 'wrong token');
        }
        if (frame.workspace !== options.workspace) return socket.close(CLOSE.unauthorized, 'this gateway serves another workspace');
        joined = true;
        window?.replace();
        window = new WindowDispatch(socket, options.logger, () => {
          if (window?.socket === socket) window = undefined;
          options.logger.info('window link: the VS Code window left; tasks run on the headless agent');
          sendState();
        });
        options.logger.info(`window link: a VS Code window joined (${frame.client}); tasks run on its agent, approvals in its editor`);
        send(socket, { v: LINK_PROTOCOL_VERSION, type: 'welcome', pid: process.pid, workspace: options.workspace, state: stateOf() });
        sendState();
        return;
      }
      if (frame.type === 'hello') return socket.close(CLOSE.invalidFrame, 'hello twice');
      window?.onFrame(socket, frame);
    });
    socket.on('close', () => clearTimeout(timer));
    socket.on('error', () => undefined);
  });

  const stateOf = () => {
    const s = gateway?.state() ?? { providers: [], agent: window ? 'window' as const : 'headless' as const, queued: 0 };
    return { ...s, providers: s.providers.map((p) => ({ id: p.id })) };
  };
  const sendState = () => {
    if (window) send(window.socket, { v: LINK_PROTOCOL_VERSION, type: 'state', state: stateOf() });
  };

  return {
    port,
    file,
    dispatch: () => window,
    attach(g) {
      gateway = g;
      g.onDidChangeState(() => sendState());
      g.onDidHalt((n) => {
        if (window) send(window.socket, { v: LINK_PROTOCOL_VERSION, type: 'notice', level: 'warn', message: `Clawdock halted a run for ${n.caller} (${n.origin}): ${n.message}`.slice(0, 4000) });
      });
    },
    async close() {
      rmSync(file, { force: true });
      window?.replace();
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Tasks on the joined window's agent. */
class WindowDispatch implements AgentDispatch {
  readonly kind = 'window' as const;
  readonly #waiting = new Map<string, { resolve: (r: GatewayTaskResult) => void; reject: (e: Error) => void }>();

  constructor(readonly socket: WebSocket, private readonly logger: Logger, onGone: () => void) {
    socket.on('close', () => {
      for (const w of this.#waiting.values()) w.reject(new Error('the VS Code window disconnected before the task finished'));
      this.#waiting.clear();
      onGone();
    });
  }

  run(task: GatewayTask, signal: AbortSignal): Promise<GatewayTaskResult> {
    return new Promise((resolve, reject) => {
      const onAbort = () => send(this.socket, { v: LINK_PROTOCOL_VERSION, type: 'cancel', id: task.id, reason: 'the gateway is shutting down' });
      signal.addEventListener('abort', onAbort, { once: true });
      const done = () => signal.removeEventListener('abort', onAbort);
      this.#waiting.set(task.id, { resolve: (r) => (done(), resolve(r)), reject: (e) => (done(), reject(e)) });
      const caller = { profile: task.caller.profile, surface: 'gateway' as const, id: task.caller.id };
      if (!send(this.socket, { v: LINK_PROTOCOL_VERSION, type: 'task', id: task.id, conversation: task.conversation, caller, text: task.text, origin: task.origin })) {
        this.#waiting.delete(task.id);
        done();
        reject(new Error('the VS Code window is not connected'));
      }
    });
  }

  onFrame(socket: WebSocket, frame: ReturnType<typeof windowFrameSchema.parse>): void {
    if (socket !== this.socket) return;
    if (frame.type === 'task-result' || frame.type === 'task-error') {
      const waiting = this.#waiting.get(frame.id);
      if (!waiting) return this.logger.warn(`window link: a result for unknown task ${frame.id} was ignored`);
      this.#waiting.delete(frame.id);
      if (frame.type === 'task-result') waiting.resolve({ stop: frame.stop, text: frame.text });
      else waiting.reject(new Error(frame.message));
    }
  }

  /** Another window joined (or the link closes): this one is let go. */
  replace(): void {
    this.socket.close(CLOSE.replaced, 'another VS Code window joined');
  }

  async close(): Promise<void> {
    // The link owns the socket; nothing to release per dispatch.
  }
}

function send(socket: WebSocket, frame: GatewayFrame): boolean {
  if (socket.readyState !== socket.OPEN) return false;
  // Checked on the way out too: a frame the other side would refuse is a bug here.
  socket.send(JSON.stringify(gatewayFrameSchema.parse(frame)));
  return true;
}

/** Constant-time comparison of two secrets of any length (hashed first, so lengths leak nothing either). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}
