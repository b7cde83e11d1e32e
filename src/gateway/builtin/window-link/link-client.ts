// The window's end of the link, in plain Node so it is tested without VS Code:
// reads the gateway's link file, joins with the token, runs the tasks it is
// given on the window's agent, and reports the gateway's state. The extension
// wraps it (src/extension/gateway).
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import type { Caller } from '../../../core/caller';
import type { Logger } from '../../../core/logger';
import type { GatewayTaskResult } from '../agent-dispatch';
import type { GatewayState } from '../gateway';
import { linkFilePath } from './link-file';
import { gatewayFrameSchema, LINK_PROTOCOL_VERSION, linkFileSchema, MAX_FRAME_BYTES, parseFrame, type LinkFile, type WindowFrame } from './protocol';

/** One task the gateway hands the window. */
export interface LinkTask {
  readonly id: string;
  readonly conversation: string;
  readonly caller: Caller;
  readonly text: string;
  readonly origin: string;
}

/** What the window provides. */
export interface LinkClientOptions {
  readonly home: string;
  /** The workspace folder's real path. */
  readonly workspace: string;
  /** Named in the gateway's log. */
  readonly client: string;
  readonly runTask: (task: LinkTask, signal: AbortSignal) => Promise<GatewayTaskResult>;
  readonly onState?: (state: GatewayState | undefined) => void;
  readonly onNotice?: (message: string) => void;
  readonly logger: Logger;
}

/** Reads a workspace's link file; undefined when no gateway announced itself (or the file is not one). */
export function readLinkFile(home: string, workspace: string): LinkFile | undefined {
  try {
    const parsed = linkFileSchema.safeParse(JSON.parse(readFileSync(linkFilePath(home, workspace), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A connection to one workspace's gateway. */
export class WindowLinkClient {
  #socket: WebSocket | undefined;
  readonly #running = new Map<string, AbortController>();

  constructor(private readonly options: LinkClientOptions) {}

  get connected(): boolean {
    return this.#socket?.readyState === WebSocket.OPEN;
  }

  /** Joins the gateway named by the link file; false when there is none or it refused. */
  async connect(): Promise<boolean> {
    if (this.#socket) return this.connected;
    const link = readLinkFile(this.options.home, this.options.workspace);
    if (!link) return false;
    const socket = new WebSocket(`ws://127.0.0.1:${link.port}/`, { maxPayload: MAX_FRAME_BYTES, handshakeTimeout: 5_000 });
    this.#socket = socket;
    const opened = await new Promise<boolean>((resolve) => {
      socket.once('open', () => resolve(true));
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
    });
    if (!opened) {
      this.#socket = undefined;
      return false;
    }
    socket.on('message', (data) => this.#onFrame(socket, data.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', (code, reason) => {
      if (this.#socket === socket) this.#socket = undefined;
      for (const abort of this.#running.values()) abort.abort(new Error('the gateway went away'));
      this.#running.clear();
      this.options.onState?.(undefined);
      this.options.logger.info(`gateway link closed (${code}${reason.length ? `: ${reason.toString()}` : ''})`);
    });
    this.#send({ v: LINK_PROTOCOL_VERSION, type: 'hello', token: link.token, workspace: this.options.workspace, client: this.options.client });
    return true;
  }

  close(): void {
    this.#socket?.close(1000, 'the window is closing');
    this.#socket = undefined;
  }

  #onFrame(socket: WebSocket, data: string): void {
    const parsed = parseFrame(gatewayFrameSchema, data);
    if (!parsed.ok) {
      this.options.logger.warn(`gateway link: closing on an invalid frame (${parsed.reason})`);
      return socket.close(parsed.version ? 4001 : 4002, parsed.reason.slice(0, 120));
    }
    const frame = parsed.frame;
    switch (frame.type) {
      case 'welcome':
      case 'state':
        this.options.onState?.(frame.state);
        return;
      case 'notice':
        this.options.onNotice?.(frame.message);
        return;
      case 'cancel':
        this.#running.get(frame.id)?.abort(new Error(frame.reason));
        return;
      case 'task':
        void this.#run(frame);
        return;
    }
  }

  async #run(task: LinkTask): Promise<void> {
    const abort = new AbortController();
    this.#running.set(task.id, abort);
    try {
      const result = await this.options.runTask(task, abort.signal);
      this.#send({ v: LINK_PROTOCOL_VERSION, type: 'task-result', id: task.id, stop: { ...result.stop, message: result.stop.message.slice(0, 20_000) }, text: result.text.slice(0, 200_000) });
    } catch (error) {
      this.#send({ v: LINK_PROTOCOL_VERSION, type: 'task-error', id: task.id, message: ((error as Error).message ?? String(error)).slice(0, 4000) });
    } finally {
      this.#running.delete(task.id);
    }
  }

  #send(frame: WindowFrame): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(frame));
  }
}
