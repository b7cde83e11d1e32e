import { domainToASCII } from 'node:url';
import { endsInNumber, parseIpv4, parseIpv6, type IpAddress } from './ip-address';

/** A host as the proxy decides on it: a name, an IP literal, or something refused outright. */
export type CanonicalHost =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'ip'; readonly ip: IpAddress }
  | { readonly kind: 'invalid'; readonly why: string };

const MAX_NAME = 253;
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/**
 * The one spelling of a host that requests carry (CONNECT target, `Host`
 * header, TLS SNI, SOCKS domain): lower case, one trailing dot removed, every
 * numeric IPv4 form (`127.1`, `0x7f.1`, `2130706433`) and bracketed IPv6
 * read as the address it is. A host on the wire must already be ASCII: a
 * non-ASCII name is refused rather than converted, and an `xn--` label must
 * be valid IDNA, so a homograph cannot pass for the name it imitates.
 */
export function canonicalHost(raw: string): CanonicalHost {
  if (raw === '') return { kind: 'invalid', why: 'the host is empty' };
  if (/[^\x21-\x7e]/.test(raw)) return { kind: 'invalid', why: 'the host has non-ASCII, space or control characters (an internationalised name must arrive as xn-- punycode)' };
  if (raw.startsWith('[')) {
    if (!raw.endsWith(']')) return { kind: 'invalid', why: 'an unclosed IPv6 bracket' };
    const ip = parseIpv6(raw.slice(1, -1));
    return ip ? { kind: 'ip', ip } : { kind: 'invalid', why: 'not a valid IPv6 address (zone ids are refused too)' };
  }
  if (raw.includes(':')) {
    const ip = parseIpv6(raw);
    return ip ? { kind: 'ip', ip } : { kind: 'invalid', why: 'a host may not contain ":"' };
  }
  let host = raw.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host === '' || host.startsWith('.') || host.includes('..')) return { kind: 'invalid', why: 'an empty label' };
  if (endsInNumber(host)) {
    const ip = parseIpv4(host);
    return ip ? { kind: 'ip', ip } : { kind: 'invalid', why: 'a name ending in a number must be a valid IPv4 address' };
  }
  if (host.length > MAX_NAME) return { kind: 'invalid', why: `the name is longer than ${MAX_NAME} characters` };
  if (!host.split('.').every((label) => LABEL.test(label))) return { kind: 'invalid', why: 'a label has characters outside a-z, 0-9, "-" and "_"' };
  if (domainToASCII(host) !== host) return { kind: 'invalid', why: 'an xn-- label is not valid IDNA' };
  return { kind: 'name', name: host };
}

/** The display form of a canonical host (the name, or the address, bracketed for IPv6). */
export function hostText(host: CanonicalHost): string {
  if (host.kind === 'name') return host.name;
  if (host.kind === 'ip') return host.ip.family === 6 ? `[${host.ip.text}]` : host.ip.text;
  return '(invalid host)';
}

/** Two hosts name the same thing (used for Host-header and SNI checks). */
export function sameHost(a: CanonicalHost, b: CanonicalHost): boolean {
  if (a.kind === 'name' && b.kind === 'name') return a.name === b.name;
  if (a.kind === 'ip' && b.kind === 'ip') return a.ip.text === b.ip.text;
  return false;
}
