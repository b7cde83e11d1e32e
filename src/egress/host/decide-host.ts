import { hostText, type CanonicalHost } from './canonical-host';
import { matchesPattern, type DomainPattern } from './domain-pattern';

/** The setting that lists allowed domains; every refusal of an unlisted name points at it. */
export const ALLOWED_DOMAINS_SETTING = 'clawdock.sandbox.allowedDomains';
/** The setting that lists denied domains. */
export const DENIED_DOMAINS_SETTING = 'clawdock.sandbox.deniedDomains';

/** The lists a host is decided against (settings merged, presets expanded). */
export interface HostRules {
  readonly allowed: readonly DomainPattern[];
  readonly denied: readonly DomainPattern[];
  /** Ask the owner about a name on neither list instead of refusing it. */
  readonly ask: boolean;
}

/** What the proxy does with a host before anything is resolved or dialled. */
export type HostDecision =
  | { readonly verdict: 'allow'; readonly rule: string }
  | { readonly verdict: 'ask'; readonly name: string }
  | { readonly verdict: 'refuse'; readonly reason: string; readonly fix: string };

/**
 * Decides on a canonical host: refused when invalid or an IP literal, then the
 * denied list, then the allowed list, then names the owner allowed during
 * this session, then ask or refuse. Pure: the same input gives the same answer.
 */
export function decideHost(host: CanonicalHost, rules: HostRules, sessionAllowed: ReadonlySet<string> = new Set()): HostDecision {
  if (host.kind === 'invalid') return { verdict: 'refuse', reason: `the host is refused: ${host.why}`, fix: 'use the plain ASCII (punycode) domain name' };
  if (host.kind === 'ip') {
    return { verdict: 'refuse', reason: `${hostText(host)} is an IP address; the proxy only connects to named hosts`, fix: `name the host and add the name to \`${ALLOWED_DOMAINS_SETTING}\`` };
  }
  const denied = rules.denied.find((p) => matchesPattern(host.name, p));
  if (denied) return { verdict: 'refuse', reason: `${host.name} matches "${denied.text}" in \`${DENIED_DOMAINS_SETTING}\``, fix: `remove "${denied.text}" from \`${DENIED_DOMAINS_SETTING}\`` };
  const allowed = rules.allowed.find((p) => matchesPattern(host.name, p));
  if (allowed) return { verdict: 'allow', rule: allowed.text };
  if (sessionAllowed.has(host.name)) return { verdict: 'allow', rule: 'allowed by the owner for this session' };
  if (rules.ask) return { verdict: 'ask', name: host.name };
  return { verdict: 'refuse', reason: `${host.name} is not in \`${ALLOWED_DOMAINS_SETTING}\``, fix: `add "${host.name}" to \`${ALLOWED_DOMAINS_SETTING}\`` };
}
