// The control channel between Clawdock (the host side) and the proxy running in
// its container: JSON lines on the container's stdin (host → proxy) and stdout
// (proxy → host). The channel is the proxy's lifeline: when stdin ends, the
// proxy exits, and the sandbox is left with no network at all.
import type { EgressRecord } from '../egress-record';
import type { AddressVetting } from '../host/address-ranges';
import type { SecretBindingWire } from '../secrets/secret-binding';
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
  /** Tests only: roots trusted for a secret's host besides the usual ones (the test's own TLS server). */
  readonly upstreamCa?: readonly string[];
}

/** Host → proxy. */
export type HostMessage =
  | { readonly op: 'start'; readonly config: ProxyConfig }
  | { readonly op: 'rules'; readonly rules: RulesWire }
  | { readonly op: 'revoke'; readonly commandId: string }
  | { readonly op: 'answer'; readonly id: number; readonly answer: AskAnswer }
  | { readonly op: 'halt'; readonly reason: string }
  | { readonly op: 'ping'; readonly id: number }
  /** The secrets bound to hosts, values and placeholders (issue 16): only ever on this channel. Answered with `secrets-applied`. */
  | { readonly op: 'secrets'; readonly id: number; readonly secrets: readonly SecretBindingWire[] };

/** Proxy → host. */
export type ProxyMessage =
  /** Listening; `caCertificate` is the sandbox's CA (PEM), whose key never leaves the proxy. */
  | { readonly type: 'listening'; readonly address: string; readonly port: number; readonly caCertificate: string }
  | { readonly type: 'secrets-applied'; readonly id: number; readonly count: number }
  | { readonly type: 'audit'; readonly record: EgressRecord }
  | { readonly type: 'ask'; readonly id: number; readonly domain: string; readonly commandId: string }
  | { readonly type: 'pong'; readonly id: number; readonly stats: EgressProxyStats }
  | { readonly type: 'fatal'; readonly message: string };

/** True when a value has the shape of a binding on the wire (checked by the proxy before it holds a value). */
export function isSecretBindingWire(value: unknown): value is SecretBindingWire {
  const o = value as Record<string, unknown> | null;
  const text = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 16_384;
  return (
    typeof o === 'object' && o !== null && text(o.name) && text(o.placeholder) && text(o.value) &&
    Array.isArray(o.hosts) && o.hosts.length > 0 && o.hosts.every(text) &&
    (o.placement === undefined || o.placement === 'header' || o.placement === 'query' || o.placement === 'basic') &&
    (o.header === undefined || text(o.header)) && (o.scheme === undefined || typeof o.scheme === 'string') && (o.param === undefined || text(o.param))
  );
}

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
