import type { AuditEventOf } from '../audit/events';
import { ALLOWED_DOMAINS_SETTING } from './host/decide-host';

/**
 * One connection through the egress proxy, allowed, refused or failed, as the
 * audit hook receives it: the audit log's `egress` event without its type, so
 * the shape has one definition (src/audit/events.ts).
 */
export type EgressRecord = Omit<AuditEventOf<'egress'>, 'type' | 'sessionId' | 'caller'>;

/** How a connection reached the proxy. */
export type EgressVia = EgressRecord['via'];

/** The audit event for a record (the lead's audit hook appends this). */
export function egressAuditEvent(record: EgressRecord, extra: Pick<AuditEventOf<'egress'>, 'sessionId' | 'caller'> = {}): AuditEventOf<'egress'> {
  return { type: 'egress', ...extra, ...record };
}

/** The text a refused command (and the model) reads: what was refused, why, and the setting that would allow it. */
export function describeRefusal(record: Pick<EgressRecord, 'domain' | 'port' | 'reason' | 'leak'>, fix?: string): string {
  // A secret's placeholder on its way elsewhere is not a domain to allow: only the secret's own hosts get it (issue 16).
  const how = fix ?? (record.leak ? `the owner can add ${record.domain} to the "hosts" of ${record.leak} in \`clawdock.sandbox.grantedSecrets\`` : `the owner can add it to \`${ALLOWED_DOMAINS_SETTING}\``);
  return `Clawdock's egress proxy refused ${record.domain}:${record.port}: ${record.reason ?? 'refused'}. To allow it, ${how}.`;
}
