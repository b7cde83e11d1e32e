import type { Socket } from 'node:net';
import { formatIpv6 } from '../host/ip-address';
import { PROXY_USER } from './command-credentials';

/** What a SOCKS5 client asked for, once greeted and authenticated. */
export type SocksRequest =
  | { readonly kind: 'connect'; readonly host: string; readonly port: number; readonly commandId: string }
  | { readonly kind: 'refused'; readonly code: number; readonly reason: string; readonly fix?: string; readonly noCredential?: boolean; readonly commandId?: string; readonly domain?: string; readonly port?: number }
  | { readonly kind: 'abandoned' };

const VERSION = 5;
const USER_PASS = 0x02;
const NO_ACCEPTABLE = 0xff;
const CMD_CONNECT = 1;
const ATYP = { ipv4: 1, domain: 3, ipv6: 4 } as const;
/** RFC 1928 reply codes. */
export const SOCKS_REPLY = { ok: 0, general: 1, ruleset: 2, unreachable: 4, refused: 5, command: 7, addressType: 8 } as const;

/** Reads exactly n bytes at a time from a socket, keeping what comes after. */
class ByteReader {
  private buffered: Buffer = Buffer.alloc(0);
  private want = 0;
  private waiter: ((b: Buffer | null) => void) | undefined;
  private ended = false;
  private readonly onData = (chunk: Buffer) => {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    this.settle();
  };
  private readonly onEnd = () => {
    this.ended = true;
    this.settle();
  };

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.once('end', this.onEnd);
    socket.once('close', this.onEnd);
    socket.resume();
  }

  read(n: number): Promise<Buffer | null> {
    return new Promise((resolve) => {
      this.want = n;
      this.waiter = resolve;
      this.settle();
    });
  }

  /** Stops reading; returns the bytes that came after the last read. */
  detach(): Buffer {
    this.socket.pause();
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    return this.buffered;
  }

  private settle(): void {
    if (!this.waiter) return;
    if (this.buffered.length >= this.want) {
      const out = this.buffered.subarray(0, this.want);
      this.buffered = this.buffered.subarray(this.want);
      const w = this.waiter;
      this.waiter = undefined;
      w(out);
    } else if (this.ended) {
      const w = this.waiter;
      this.waiter = undefined;
      w(null);
    }
  }
}

/**
 * The server side of a SOCKS5 handshake (RFC 1928, RFC 1929): username and
 * password authentication only (the password is the command's token), CONNECT
 * only. IP-literal targets are read and handed on, to be refused by the same
 * host decision as everything else.
 */
export class SocksHandshake {
  private readonly reader: ByteReader;
  private leftover: Buffer = Buffer.alloc(0);

  constructor(private readonly socket: Socket) {
    this.reader = new ByteReader(socket);
  }

  async run(verify: (token: string) => string | null): Promise<SocksRequest> {
    const greeting = await this.reader.read(2);
    if (!greeting || greeting[0] !== VERSION) return this.abandon();
    const methods = await this.reader.read(greeting[1]!);
    if (!methods) return this.abandon();
    if (!methods.includes(USER_PASS)) {
      this.socket.end(Buffer.from([VERSION, NO_ACCEPTABLE]));
      this.reader.detach();
      return { kind: 'refused', code: -1, reason: 'the SOCKS client offered no username/password authentication', noCredential: true };
    }
    this.socket.write(Buffer.from([VERSION, USER_PASS]));
    const authHead = await this.reader.read(2);
    if (!authHead || authHead[0] !== 1) return this.abandon();
    const user = await this.reader.read(authHead[1]!);
    const passLength = await this.reader.read(1);
    const pass = passLength ? await this.reader.read(passLength[0]!) : null;
    if (!user || !pass) return this.abandon();
    const commandId = user.toString('utf8') === PROXY_USER ? verify(pass.toString('utf8')) : null;
    if (!commandId) {
      this.socket.end(Buffer.from([1, 1]));
      this.reader.detach();
      return { kind: 'refused', code: -1, reason: 'the connection carries no valid per-command credential', noCredential: true };
    }
    this.socket.write(Buffer.from([1, 0]));

    const request = await this.reader.read(4);
    if (!request || request[0] !== VERSION) return this.abandon();
    const target = await this.readAddress(request[3]!);
    if (target === null) return this.abandon();
    const portBytes = await this.reader.read(2);
    if (!portBytes) return this.abandon();
    const port = portBytes.readUInt16BE(0);
    this.leftover = this.reader.detach();
    if (target === 'bad-type') return { kind: 'refused', code: SOCKS_REPLY.addressType, reason: `SOCKS address type ${request[3]} is not supported`, commandId, port };
    if (request[1] !== CMD_CONNECT) {
      return { kind: 'refused', code: SOCKS_REPLY.command, reason: `SOCKS command ${request[1]} is not supported (only CONNECT; no UDP, no BIND)`, fix: 'use TCP connections through the proxy', commandId, domain: target, port };
    }
    return { kind: 'connect', host: target, port, commandId };
  }

  /** Sends the reply to the request; a non-zero code also closes the connection. */
  reply(code: number): void {
    if (code < 0) return;
    const answer = Buffer.from([VERSION, code, 0, ATYP.ipv4, 0, 0, 0, 0, 0, 0]);
    if (code === SOCKS_REPLY.ok) this.socket.write(answer);
    else this.socket.end(answer);
  }

  /** Client bytes that arrived after the request (sent before our reply). */
  rest(): Buffer {
    return this.leftover;
  }

  private abandon(): SocksRequest {
    this.reader.detach();
    this.socket.destroy();
    return { kind: 'abandoned' };
  }

  private async readAddress(type: number): Promise<string | null | 'bad-type'> {
    switch (type) {
      case ATYP.ipv4: {
        const b = await this.reader.read(4);
        return b ? Array.from(b).join('.') : null;
      }
      case ATYP.ipv6: {
        const b = await this.reader.read(16);
        return b ? `[${formatIpv6(b)}]` : null;
      }
      case ATYP.domain: {
        const length = await this.reader.read(1);
        const name = length ? await this.reader.read(length[0]!) : null;
        // latin1 keeps every byte visible, so a non-ASCII name is refused as such rather than mangled.
        return name ? name.toString('latin1') : null;
      }
      default:
        return 'bad-type';
    }
  }
}
