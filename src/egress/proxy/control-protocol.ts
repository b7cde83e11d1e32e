// The control channel between Clawdock (the host side) and the proxy running in
// its container: JSON lines on the container's stdin (host → proxy) and stdout
// (proxy → host). The channel is the proxy's lifeline: when stdin ends, the
// proxy exits, and the sandbox is left with no network at all.
import type { EgressRecord } from '../egress-record';
import type { AddressVetting } from '../host/address-ranges';
import type { AskAnswer } from './ask-gate';
import type { EgressProxyStats } from './egress-proxy';
import type { ResolverConfig } from './resolver';

/** The host lists as sent over the wire (entries re-parsed by the proxy). */
export interface RulesWire {
  readonly allowed: readonly string[];
  readonly denied: readonly string[];
  readonly ask: boolean;
}

/** Everything the proxy starts with. Sent on stdin, never in the environment or arguments, which `docker inspect` shows. */
export interface ProxyConfig {
  /** The internal network's subnet (CIDR): the proxy listens on its own address in it, and nowhere else. */
  readonly listenSubnet: string;
  readonly port: number;
  readonly rules: RulesWire;
  readonly vetting: AddressVetting;
  readonly resolver: ResolverConfig;
  /** The per-command credential key, base64. */
  readonly credentialKey: string;
  readonly askTimeoutMs: number;
}

/** Host → proxy. */
export type HostMessage =
  | { readonly op: 'start'; readonly config: ProxyConfig }
  | { readonly op: 'rules'; readonly rules: RulesWire }
  | { readonly op: 'revoke'; readonly commandId: string }
  | { readonly op: 'answer'; readonly id: number; readonly answer: AskAnswer }
  | { readonly op: 'halt'; readonly reason: string }
  | { readonly op: 'ping'; readonly id: number };

/** Proxy → host. */
export type ProxyMessage =
  | { readonly type: 'listening'; readonly address: string; readonly port: number }
  | { readonly type: 'audit'; readonly record: EgressRecord }
  | { readonly type: 'ask'; readonly id: number; readonly domain: string; readonly commandId: string }
  | { readonly type: 'pong'; readonly id: number; readonly stats: EgressProxyStats }
  | { readonly type: 'fatal'; readonly message: string };

/** Splits a byte stream into lines and hands each parsed JSON value on; a line that is not JSON is reported, not thrown. */
export function lineReader(onMessage: (value: unknown) => void, onJunk: (line: string) => void): (chunk: Buffer | string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk.toString();
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line.trim() === '') continue;
      try {
        onMessage(JSON.parse(line));
      } catch {
        onJunk(line);
      }
    }
  };
}
