import { isIP } from 'node:net';

/** An IP address as bytes (4 or 16) and its canonical text. */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly bytes: Uint8Array;
  /** Dotted quad, or RFC 5952 text for IPv6 (lower case, longest zero run compressed). */
  readonly text: string;
}

/** The WHATWG URL rule: a host whose last label is a number is an IPv4 address (or nothing at all). */
export function endsInNumber(host: string): boolean {
  const labels = host.split('.');
  if (labels.at(-1) === '' && labels.length > 1) labels.pop();
  const last = labels.at(-1) ?? '';
  return /^[0-9]+$/.test(last) || /^0x[0-9a-f]*$/i.test(last);
}

/**
 * Parses every spelling an IPv4 address can take in a URL or `inet_aton`:
 * one to four parts, each decimal, octal (leading 0) or hex (0x), the last
 * part filling the remaining bytes: `127.1`, `0x7f.1`, `2130706433`,
 * `0177.0.0.1`. Returns null when the text is not a valid address.
 */
export function parseIpv4(host: string): IpAddress | null {
  const parts = host.split('.');
  if (parts.at(-1) === '' && parts.length > 1) parts.pop();
  if (parts.length === 0 || parts.length > 4) return null;
  const numbers: number[] = [];
  for (const part of parts) {
    const n = parseIpv4Number(part);
    if (n === null) return null;
    numbers.push(n);
  }
  const last = numbers.pop() as number;
  if (numbers.some((n) => n > 255)) return null;
  if (last >= 256 ** (4 - numbers.length)) return null;
  let value = last;
  numbers.forEach((n, i) => (value += n * 256 ** (3 - i)));
  const bytes = new Uint8Array([(value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255]);
  return { family: 4, bytes, text: bytes.join('.') };
}

function parseIpv4Number(part: string): number | null {
  if (part === '') return null;
  let digits = part;
  let radix = 10;
  if (/^0x/i.test(part)) {
    digits = part.slice(2);
    radix = 16;
    if (digits === '') return 0;
  } else if (part.length > 1 && part.startsWith('0')) {
    digits = part.slice(1);
    radix = 8;
  }
  const valid = radix === 16 ? /^[0-9a-f]+$/i : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!valid.test(digits)) return null;
  const n = parseInt(digits, radix);
  // Anything past 2^32 is invalid whatever the part; this also bounds parseInt's precision.
  return Number.isSafeInteger(n) && n < 2 ** 32 ? n : null;
}

/** Parses IPv6 text (no brackets, no zone id), including an embedded dotted IPv4 tail. */
export function parseIpv6(text: string): IpAddress | null {
  if (isIP(text) !== 6) return null;
  let hexText = text;
  const dotted = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const b = dotted.slice(2).map(Number) as [number, number, number, number];
    hexText = `${dotted[1]}${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
  }
  const halves = hexText.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string | undefined) => (s ? s.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN)) : []);
  const left = groups(halves[0]);
  const right = groups(halves[1]);
  const words = halves.length === 2 ? [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right] : left;
  if (words.length !== 8 || words.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffff)) return null;
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[i * 2] = w >> 8;
    bytes[i * 2 + 1] = w & 255;
  });
  return { family: 6, bytes, text: formatIpv6(bytes) };
}

/** RFC 5952 text: lower-case hex, no leading zeros, the longest run of two or more zero groups as `::`. */
export function formatIpv6(bytes: Uint8Array): string {
  const words = Array.from({ length: 8 }, (_, i) => (bytes[i * 2]! << 8) | bytes[i * 2 + 1]!);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** An address as a resolver or the OS reports it (`93.184.216.34`, `2606:2800::1`), or null. */
export function ipFromString(address: string): IpAddress | null {
  const family = isIP(address);
  if (family === 4) return parseIpv4(address);
  if (family === 6) return parseIpv6(address);
  return null;
}
