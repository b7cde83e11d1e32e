import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The user name the sandbox's proxy URLs carry; the password is the command's token. */
export const PROXY_USER = 'clawdock';
const MAX_COMMAND_ID = 200;

/**
 * Per-command proxy credentials: a token is the command id and an HMAC of it
 * under a key only the host and the proxy hold, so the proxy attributes each
 * connection to the command that opened it without a round trip per command,
 * and nothing inside the sandbox can mint a token for another command. A
 * finished command's token is revoked, so one saved to a file is useless later.
 */
export class CommandCredentials {
  private readonly revoked = new Set<string>();

  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('the credential key must have at least 32 bytes');
  }

  /** A fresh random key (the host makes one per proxy). */
  static newKey(): Buffer {
    return randomBytes(32);
  }

  /** The token for one command. */
  issue(commandId: string): string {
    if (commandId === '' || commandId.length > MAX_COMMAND_ID) throw new Error(`a command id must have 1–${MAX_COMMAND_ID} characters`);
    this.revoked.delete(commandId);
    const id = Buffer.from(commandId, 'utf8').toString('base64url');
    return `${id}.${this.mac(commandId).toString('base64url')}`;
  }

  /** The command a token belongs to, or null when it is forged, malformed or revoked. */
  verify(token: string): string | null {
    const dot = token.indexOf('.');
    if (dot <= 0 || token.length > 600) return null;
    const commandId = Buffer.from(token.slice(0, dot), 'base64url').toString('utf8');
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = this.mac(commandId);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return this.revoked.has(commandId) ? null : commandId;
  }

  /** Refuses the command's token from now on. */
  revoke(commandId: string): void {
    this.revoked.add(commandId);
  }

  private mac(commandId: string): Buffer {
    return createHmac('sha256', this.key).update(commandId, 'utf8').digest();
  }
}

/** The token in a `Proxy-Authorization: Basic …` header, or undefined. */
export function tokenFromProxyAuthorization(header: string | undefined): string | undefined {
  const m = /^Basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}
