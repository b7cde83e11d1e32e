/** What the first bytes of a TLS connection say about the server name the client wants. */
export type ClientHelloSni =
  | { readonly status: 'need-more' }
  | { readonly status: 'not-tls' }
  | { readonly status: 'malformed'; readonly why: string }
  | { readonly status: 'no-sni' }
  | { readonly status: 'sni'; readonly name: string };

const RECORD_HEADER = 5;
const HANDSHAKE = 0x16;
const CLIENT_HELLO = 0x01;
const SERVER_NAME = 0x0000;
const HOST_NAME = 0x00;
/** A ClientHello larger than this is refused (post-quantum key shares make them ~2 KB; 16 KB is one full record). */
export const MAX_CLIENT_HELLO = 64 * 1024;

/** True when the bytes start like a TLS handshake record (content type 22, version 3.x). */
export function looksLikeTls(buf: Buffer): boolean {
  return buf.length >= 1 && buf[0] === HANDSHAKE && (buf.length < 2 || buf[1] === 0x03);
}

/**
 * Reads the server name (SNI) from a TLS ClientHello without terminating TLS:
 * gathers the handshake message from as many records as it spans, then walks
 * its extensions. Says `need-more` until the whole message has arrived.
 */
export function readClientHelloSni(buf: Buffer): ClientHelloSni {
  if (buf.length === 0) return { status: 'need-more' };
  if (!looksLikeTls(buf)) return { status: 'not-tls' };
  // Concatenate handshake-record payloads until the ClientHello is complete.
  const payloads: Buffer[] = [];
  let have = 0;
  let offset = 0;
  let need = -1;
  while (need < 0 || have < need) {
    if (buf.length < offset + RECORD_HEADER) return { status: 'need-more' };
    if (buf[offset] !== HANDSHAKE) return { status: 'malformed', why: 'the ClientHello is interrupted by another record type' };
    const length = buf.readUInt16BE(offset + 3);
    if (buf.length < offset + RECORD_HEADER + length) return { status: 'need-more' };
    payloads.push(buf.subarray(offset + RECORD_HEADER, offset + RECORD_HEADER + length));
    have += length;
    offset += RECORD_HEADER + length;
    if (need < 0 && have >= 4) {
      const first = Buffer.concat(payloads);
      if (first[0] !== CLIENT_HELLO) return { status: 'malformed', why: 'the first handshake message is not a ClientHello' };
      need = 4 + first.readUIntBE(1, 3);
      if (need > MAX_CLIENT_HELLO) return { status: 'malformed', why: 'the ClientHello is too large' };
    }
  }
  return parseClientHello(Buffer.concat(payloads).subarray(4, need));
}

function parseClientHello(body: Buffer): ClientHelloSni {
  const bad = (why: string): ClientHelloSni => ({ status: 'malformed', why });
  let p = 2 + 32; // client_version, random
  if (body.length < p + 1) return bad('the ClientHello is truncated');
  p += 1 + body[p]!; // session_id
  if (body.length < p + 2) return bad('the ClientHello is truncated');
  p += 2 + body.readUInt16BE(p); // cipher_suites
  if (body.length < p + 1) return bad('the ClientHello is truncated');
  p += 1 + body[p]!; // compression_methods
  if (p === body.length) return { status: 'no-sni' };
  if (body.length < p + 2) return bad('the ClientHello is truncated');
  const end = p + 2 + body.readUInt16BE(p);
  if (end > body.length) return bad('the extensions run past the ClientHello');
  p += 2;
  let found: string | undefined;
  while (p + 4 <= end) {
    const type = body.readUInt16BE(p);
    const length = body.readUInt16BE(p + 2);
    const data = body.subarray(p + 4, p + 4 + length);
    if (p + 4 + length > end) return bad('an extension runs past the ClientHello');
    if (type === SERVER_NAME) {
      if (found !== undefined) return bad('two server_name extensions');
      const name = readServerName(data);
      if (typeof name !== 'string') return name;
      found = name;
    }
    p += 4 + length;
  }
  if (p !== end) return bad('the extensions do not add up');
  return found === undefined ? { status: 'no-sni' } : { status: 'sni', name: found };
}

function readServerName(data: Buffer): string | ClientHelloSni {
  const bad = (why: string): ClientHelloSni => ({ status: 'malformed', why });
  if (data.length < 2 || data.readUInt16BE(0) !== data.length - 2) return bad('the server_name list length is wrong');
  let p = 2;
  let name: string | undefined;
  while (p + 3 <= data.length) {
    const type = data[p]!;
    const length = data.readUInt16BE(p + 1);
    if (p + 3 + length > data.length) return bad('a server name runs past its list');
    if (type === HOST_NAME) {
      if (name !== undefined) return bad('two host names in server_name');
      name = data.subarray(p + 3, p + 3 + length).toString('latin1');
    }
    p += 3 + length;
  }
  if (p !== data.length || name === undefined) return bad('the server_name extension holds no host name');
  return name;
}
