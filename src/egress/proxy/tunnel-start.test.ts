import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { connect } from 'node:tls';
import { readClientHelloSni } from './client-hello';
import { checkTunnelStart } from './tunnel-start';

/** The first bytes a real TLS client (Node's) sends, captured by a plain TCP server. */
async function captureClientHello(servername: string | undefined): Promise<Buffer> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const got = new Promise<Buffer>((resolve) => server.once('connection', (s) => s.once('data', (d: Buffer) => (resolve(d), s.destroy()))));
  const client = connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, rejectUnauthorized: false, ...(servername === undefined ? {} : { servername }) });
  client.on('error', () => {});
  const hello = await got;
  client.destroy();
  server.close();
  return hello;
}

/** Re-frames one handshake message into records of at most `size` payload bytes (TLS allows any split). */
function fragment(hello: Buffer, size: number): Buffer {
  const body = hello.subarray(5, 5 + hello.readUInt16BE(3));
  const records: Buffer[] = [];
  for (let i = 0; i < body.length; i += size) {
    const part = body.subarray(i, i + size);
    const header = Buffer.from([0x16, 0x03, 0x01, 0, 0]);
    header.writeUInt16BE(part.length, 3);
    records.push(header, part);
  }
  return Buffer.concat(records);
}

describe('readClientHelloSni', () => {
  it('reads the server name from a real ClientHello', async () => {
    assert.deepEqual(readClientHelloSni(await captureClientHello('allowed.test')), { status: 'sni', name: 'allowed.test' });
  });
  it('says so when the ClientHello carries no server name', async () => {
    assert.deepEqual(readClientHelloSni(await captureClientHello('')), { status: 'no-sni' });
  });
  it('waits for the rest of a ClientHello split across TCP chunks', async () => {
    const hello = await captureClientHello('allowed.test');
    for (const cut of [1, 4, 5, 40, hello.length - 1]) assert.deepEqual(readClientHelloSni(hello.subarray(0, cut)), { status: 'need-more' }, `cut at ${cut}`);
  });
  it('reassembles a ClientHello fragmented across TLS records', async () => {
    const hello = await captureClientHello('allowed.test');
    assert.deepEqual(readClientHelloSni(fragment(hello, 50)), { status: 'sni', name: 'allowed.test' });
  });
  it('refuses a ClientHello interrupted by another record type', async () => {
    const hello = Buffer.from(await captureClientHello('allowed.test'));
    hello.writeUIntBE(0x1000, 6, 3); // a handshake longer than its record, continued by application data
    const r = readClientHelloSni(Buffer.concat([hello, Buffer.from([0x17, 3, 3, 0, 1, 0])]));
    assert.equal(r.status, 'malformed');
  });
});

describe('checkTunnelStart', () => {
  const target = { name: 'allowed.test', port: 443 };
  it('passes TLS whose SNI is the target, in any case and with a trailing dot', async () => {
    assert.deepEqual(checkTunnelStart(target, await captureClientHello('ALLOWED.test.')), { status: 'ok', kind: 'tls' });
  });
  it('refuses TLS whose SNI is another name', async () => {
    assert.equal(checkTunnelStart(target, await captureClientHello('evil.test')).status, 'refused');
  });
  it('checks the Host header of plain HTTP inside a tunnel', () => {
    const ok = checkTunnelStart({ name: 'allowed.test', port: 80 }, Buffer.from('GET / HTTP/1.1\r\nHost: allowed.test\r\n\r\n'));
    assert.deepEqual(ok, { status: 'ok', kind: 'http' });
    const bad = checkTunnelStart({ name: 'allowed.test', port: 80 }, Buffer.from('GET / HTTP/1.1\r\nHost: evil.test\r\n\r\n'));
    assert.equal(bad.status, 'refused');
    const two = checkTunnelStart({ name: 'allowed.test', port: 80 }, Buffer.from('GET / HTTP/1.1\r\nHost: allowed.test\r\nhost: evil.test\r\n\r\n'));
    assert.equal(two.status, 'refused');
    assert.deepEqual(checkTunnelStart({ name: 'allowed.test', port: 80 }, Buffer.from('GET / HTTP/1.1\r\nHo')), { status: 'need-more' });
  });
  it('lets ssh and other protocols through (their address was vetted)', () => {
    assert.deepEqual(checkTunnelStart({ name: 'allowed.test', port: 22 }, Buffer.from('SSH-2.0-OpenSSH_9.2\r\n')), { status: 'ok', kind: 'other' });
    assert.deepEqual(checkTunnelStart({ name: 'allowed.test', port: 9418 }, Buffer.from('0032git-upload-pack /x')), { status: 'ok', kind: 'other' });
  });
});
