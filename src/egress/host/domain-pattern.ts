import { domainToASCII } from 'node:url';
import { canonicalHost } from './canonical-host';

/** One entry of an allowed or denied list: `example.com` (that name only) or `*.example.com` (its subdomains only). */
export interface DomainPattern {
  /** The entry in canonical form, as shown in reasons and the audit (`*.xn--bcher-kva.de`). */
  readonly text: string;
  readonly wildcard: boolean;
  /** The name itself, or for a wildcard the parent whose subdomains match. */
  readonly base: string;
}

/**
 * Reads one list entry as a person writes it: any case, a trailing dot, a
 * Unicode name (converted with IDNA). Returns the reason when it is not a
 * domain: a URL, a port, an IP literal, a bare `*` or a wildcard in the middle.
 */
export function parseDomainPattern(entry: string): DomainPattern | { readonly error: string } {
  const trimmed = entry.trim();
  if (trimmed === '*' || trimmed === '*.') return { error: 'a bare "*" would allow everything; use `clawdock.sandbox.network: "dangerouslyOpen"` for that' };
  if (/[/:@?#\s]/.test(trimmed)) return { error: 'write a domain only, without scheme, port, path or spaces (e.g. "registry.npmjs.org")' };
  const wildcard = trimmed.startsWith('*.');
  const rest = wildcard ? trimmed.slice(2) : trimmed;
  if (rest.includes('*')) return { error: 'a "*" may only start an entry, as in "*.example.com"' };
  // Unicode is welcome in settings (unlike on the wire): convert it, then canonicalise as the wire form.
  const ascii = domainToASCII(rest.replace(/\.$/, '').toLowerCase());
  if (ascii === '') return { error: 'not a valid domain name (IDNA conversion failed)' };
  const host = canonicalHost(ascii);
  if (host.kind === 'ip') return { error: 'IP addresses are not accepted; name the host' };
  if (host.kind === 'invalid') return { error: host.why };
  if (!host.name.includes('.') && wildcard) return { error: 'a wildcard needs a parent domain with a dot, e.g. "*.example.com"' };
  return { text: wildcard ? `*.${host.name}` : host.name, wildcard, base: host.name };
}

/** `example.com` matches that name only; `*.example.com` matches `a.example.com` and deeper, never `example.com` itself. */
export function matchesPattern(name: string, pattern: DomainPattern): boolean {
  return pattern.wildcard ? name.endsWith(`.${pattern.base}`) : name === pattern.base;
}

/** Every name `inner` matches is matched by `outer` (how a workspace entry is checked against the user's list). */
export function patternCovers(outer: DomainPattern, inner: DomainPattern): boolean {
  if (!outer.wildcard) return !inner.wildcard && inner.base === outer.base;
  return inner.base.endsWith(`.${outer.base}`) || (inner.wildcard && inner.base === outer.base);
}
