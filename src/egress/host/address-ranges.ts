import { ipFromString, parseIpv4, parseIpv6, type IpAddress } from './ip-address';

/** A block of addresses the proxy never dials, and why, in words a person reads in the audit. */
interface BlockedRange {
  readonly cidr: string;
  readonly why: string;
}

// Everything that is not the public internet, plus every IPv6 form that
// carries an IPv4 address inside it (a mapped or translated address can
// reach 127.0.0.1 or 10.x as surely as the plain one). Order matters only
// for the reason shown: the narrowest, most telling name first.
const BLOCKED: readonly BlockedRange[] = [
  { cidr: '169.254.169.254/32', why: 'a cloud metadata address' },
  { cidr: '100.100.100.200/32', why: 'a cloud metadata address' },
  { cidr: 'fd00:ec2::254/128', why: 'a cloud metadata address' },
  { cidr: '0.0.0.0/8', why: '"this network" (0.0.0.0/8), which reaches the local host' },
  { cidr: '127.0.0.0/8', why: 'loopback' },
  { cidr: '10.0.0.0/8', why: 'a private address (RFC 1918)' },
  { cidr: '172.16.0.0/12', why: 'a private address (RFC 1918)' },
  { cidr: '192.168.0.0/16', why: 'a private address (RFC 1918)' },
  { cidr: '100.64.0.0/10', why: 'carrier-grade NAT space (RFC 6598)' },
  { cidr: '169.254.0.0/16', why: 'link-local' },
  { cidr: '192.0.0.0/24', why: 'IETF protocol assignments (RFC 6890)' },
  { cidr: '192.0.2.0/24', why: 'documentation space (RFC 5737)' },
  { cidr: '198.51.100.0/24', why: 'documentation space (RFC 5737)' },
  { cidr: '203.0.113.0/24', why: 'documentation space (RFC 5737)' },
  { cidr: '198.18.0.0/15', why: 'benchmarking space (RFC 2544)' },
  { cidr: '224.0.0.0/4', why: 'multicast' },
  { cidr: '240.0.0.0/4', why: 'reserved (240.0.0.0/4) or broadcast' },
  { cidr: '::/128', why: 'the unspecified address' },
  { cidr: '::1/128', why: 'loopback' },
  { cidr: '::ffff:0:0/96', why: 'an IPv4-mapped IPv6 address' },
  { cidr: '::/96', why: 'an IPv4-compatible IPv6 address' },
  { cidr: '::ffff:0:0:0/96', why: 'an IPv4-translated IPv6 address (SIIT)' },
  { cidr: '64:ff9b::/96', why: 'an IPv4-embedded NAT64 address' },
  { cidr: '64:ff9b:1::/48', why: 'an IPv4-embedded NAT64 address (local use)' },
  { cidr: '2002::/16', why: 'a 6to4 address (embeds IPv4)' },
  { cidr: '2001::/32', why: 'a Teredo address (embeds IPv4)' },
  { cidr: '2001:db8::/32', why: 'documentation space (RFC 3849)' },
  { cidr: '100::/64', why: 'the discard prefix' },
  { cidr: 'fc00::/7', why: 'a unique local address (private IPv6)' },
  { cidr: 'fe80::/10', why: 'link-local' },
  { cidr: 'fec0::/10', why: 'site-local (deprecated private IPv6)' },
  { cidr: 'ff00::/8', why: 'multicast' },
];

interface ParsedRange {
  readonly bytes: Uint8Array;
  readonly bits: number;
  readonly why: string;
}

function parseCidr(range: BlockedRange): ParsedRange {
  const [address, bits] = range.cidr.split('/') as [string, string];
  const ip = address.includes(':') ? parseIpv6(address) : parseIpv4(address);
  if (!ip) throw new Error(`bad range ${range.cidr}`);
  return { bytes: ip.bytes, bits: Number(bits), why: range.why };
}

const PARSED = BLOCKED.map(parseCidr);

function inRange(ip: IpAddress, range: ParsedRange): boolean {
  if (ip.bytes.length !== range.bytes.length) return false;
  const whole = Math.floor(range.bits / 8);
  for (let i = 0; i < whole; i++) if (ip.bytes[i] !== range.bytes[i]) return false;
  const rest = range.bits % 8;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (ip.bytes[whole]! & mask) === (range.bytes[whole]! & mask);
}

/** What the address check knows besides the fixed table. */
export interface AddressVetting {
  /** The engine host's own addresses (its interfaces, the engine's network gateways). */
  readonly hostAddresses?: readonly string[];
  /**
   * Exact addresses let through although the table refuses them. Tests use it
   * for the servers they start on private container addresses; no setting
   * feeds it today.
   */
  readonly exemptAddresses?: readonly string[];
}

/** The outcome of vetting one resolved address. */
export type AddressVerdict = { readonly ok: true } | { readonly ok: false; readonly why: string };

/** Refuses loopback, private, link-local, CGNAT, metadata, multicast, reserved, IPv4-embedding IPv6 forms and the host's own addresses. */
export function vetAddress(ip: IpAddress, vetting: AddressVetting = {}): AddressVerdict {
  const same = (list: readonly string[] | undefined) => (list ?? []).some((a) => ipFromString(a)?.text === ip.text);
  if (same(vetting.exemptAddresses)) return { ok: true };
  const range = PARSED.find((r) => inRange(ip, r));
  if (range) return { ok: false, why: range.why };
  return same(vetting.hostAddresses) ? { ok: false, why: "the engine host's own address" } : { ok: true };
}
