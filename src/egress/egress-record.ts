import { ALLOWED_DOMAINS_SETTING } from './host/decide-host';

/** How a connection reached the proxy. */
export type EgressVia = 'http' | 'connect' | 'socks5';

/**
 * One connection through the egress proxy, allowed or refused, as the audit
 * hook receives it (written to the audit log as an `egress` event).
 */
export interface EgressRecord {
  /** The command whose credential opened it; `unknown` when it carried none or a bad one. */
  readonly commandId: string;
  /** The canonical host (or, when refused as invalid, a quoted excerpt of what was sent). */
  readonly domain: string;
  readonly port: number;
  readonly via: EgressVia;
  /** `failed`: allowed, but the name did not resolve or the server did not answer. */
  readonly decision: 'allowed' | 'refused' | 'failed';
  /** Why it was refused, or how it ended when allowed but cut short. */
  readonly reason?: string;
  /** The allowed entry that matched (`*.example.com`), or how the owner allowed it. */
  readonly rule?: string;
  /** The vetted address that was dialled. */
  readonly address?: string;
  readonly bytesUp: number;
  readonly bytesDown: number;
  readonly durationMs: number;
}

/** The text a refused command (and the model) reads: what was refused, why, and the setting that would allow it. */
export function describeRefusal(record: Pick<EgressRecord, 'domain' | 'port' | 'reason'>, fix?: string): string {
  const how = fix ?? `the owner can add it to \`${ALLOWED_DOMAINS_SETTING}\``;
  return `Clawdock's egress proxy refused ${record.domain}:${record.port}: ${record.reason ?? 'refused'}. To allow it, ${how}.`;
}
