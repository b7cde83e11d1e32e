import { canonicalHost, sameHost } from '../host/canonical-host';
import { looksLikeTls, readClientHelloSni } from './client-hello';

/** What the first client bytes of a tunnel (CONNECT or SOCKS) say, checked against its target. */
export type TunnelStart =
  | { readonly status: 'need-more' }
  | { readonly status: 'ok'; readonly kind: 'tls' | 'http' | 'other' }
  | { readonly status: 'refused'; readonly reason: string };

/** Longest first line or header block we wait for before deciding. */
const MAX_HEAD = 64 * 1024;
const REQUEST_LINE = /^[A-Z]{3,20} \S+ HTTP\/1\.[01]$/;

/**
 * The check that keeps a tunnel to an allowed name from being used for another
 * name on the same address (domain fronting, a shared CDN): a TLS ClientHello
 * must carry SNI equal to the tunnel's target; a plain HTTP request's `Host`
 * must equal it too. Other protocols (ssh, git) pass: the address they reach
 * was vetted already. Only the tunnel's first request is visible; see SECURITY.md.
 */
export function checkTunnelStart(target: { readonly name: string; readonly port: number }, buf: Buffer): TunnelStart {
  if (buf.length === 0) return { status: 'need-more' };
  if (looksLikeTls(buf)) {
    const hello = readClientHelloSni(buf);
    switch (hello.status) {
      case 'need-more':
        return hello;
      case 'not-tls':
        break;
      case 'malformed':
        return { status: 'refused', reason: `the TLS ClientHello is malformed: ${hello.why}` };
      case 'no-sni':
        return { status: 'refused', reason: `the TLS ClientHello names no server (SNI), so it cannot be checked against ${target.name}` };
      case 'sni': {
        const sni = canonicalHost(hello.name);
        if (!sameHost(sni, { kind: 'name', name: target.name })) {
          return { status: 'refused', reason: `the TLS server name ${JSON.stringify(hello.name.slice(0, 255))} does not match the tunnel's target ${target.name}` };
        }
        return { status: 'ok', kind: 'tls' };
      }
    }
  }
  const first = buf[0]!;
  if (first < 0x41 || first > 0x5a) return { status: 'ok', kind: 'other' };
  const lineEnd = buf.indexOf('\r\n');
  if (lineEnd < 0) return buf.length > MAX_HEAD ? { status: 'ok', kind: 'other' } : { status: 'need-more' };
  if (!REQUEST_LINE.test(buf.subarray(0, lineEnd).toString('latin1'))) return { status: 'ok', kind: 'other' };
  const headEnd = buf.indexOf('\r\n\r\n');
  if (headEnd < 0) return buf.length > MAX_HEAD ? { status: 'refused', reason: 'the HTTP request head is too large' } : { status: 'need-more' };
  return checkHostHeader(target, buf.subarray(lineEnd + 2, headEnd + 2).toString('latin1'));
}

function checkHostHeader(target: { readonly name: string; readonly port: number }, headers: string): TunnelStart {
  const values = headers
    .split('\r\n')
    .filter((line) => /^host[ \t]*:/i.test(line))
    .map((line) => line.slice(line.indexOf(':') + 1).trim());
  if (values.length === 0) return { status: 'ok', kind: 'http' };
  if (values.length > 1) return { status: 'refused', reason: 'the HTTP request carries more than one Host header' };
  const verdict = hostHeaderMatches(values[0]!, target.name, target.port);
  return verdict === true ? { status: 'ok', kind: 'http' } : { status: 'refused', reason: verdict };
}

/** True when a `Host` header names the target (and its port, if it names one); else the reason it does not. */
export function hostHeaderMatches(value: string, name: string, port: number, defaultPort = port): true | string {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(value);
  const host = m ? canonicalHost(m[1]!) : undefined;
  const headerPort = m?.[2] === undefined ? defaultPort : Number(m[2]);
  if (!host || !sameHost(host, { kind: 'name', name }) || headerPort !== port) {
    return `the Host header ${JSON.stringify(value.slice(0, 255))} does not match the target ${name}:${port}`;
  }
  return true;
}
