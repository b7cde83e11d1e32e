import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CertificateAuthority } from './certificate-authority';
import { oid, time, unsignedInteger } from './der';

describe('the sandbox certificate authority', () => {
  const ca = new CertificateAuthority('test');

  it('makes a CA certificate that is self-signed, a CA, and limited to signing certificates', () => {
    const x = ca.x509();
    assert.equal(x.ca, true);
    assert.ok(x.verify(x.publicKey));
    assert.match(x.subject, /CN=Clawdock sandbox CA test/);
    assert.ok(x.keyUsage === undefined || x.keyUsage.length === 0 || !x.keyUsage.includes('1.3.6.1.5.5.7.3.1'));
  });

  it('issues a leaf for a host that the CA signed, naming only that host, for server authentication', () => {
    const leaf = new X509Certificate(ca.issue('registry.npmjs.org').cert);
    assert.equal(leaf.ca, false);
    assert.ok(leaf.verify(ca.x509().publicKey));
    assert.equal(leaf.checkIssued(ca.x509()), true);
    assert.equal(leaf.checkHost('registry.npmjs.org'), 'registry.npmjs.org');
    assert.equal(leaf.checkHost('evil.example'), undefined);
    assert.equal(leaf.subjectAltName, 'DNS:registry.npmjs.org');
    assert.deepEqual(leaf.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  });

  it('reuses a leaf until it nears its end', () => {
    const first = ca.issue('a.test').cert;
    assert.equal(ca.issue('a.test').cert, first);
    assert.notEqual(ca.issue('a.test', new Date(Date.now() + 29.5 * 24 * 3600_000)).cert, first);
  });

  it('passes openssl verify with the CA as the only trust anchor, for the named host alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdock-ca-test-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), ca.certificate);
      writeFileSync(join(dir, 'leaf.pem'), ca.issue('secret.test').cert);
      const ok = execFileSync('openssl', ['verify', '-CAfile', join(dir, 'ca.pem'), '-verify_hostname', 'secret.test', '-purpose', 'sslserver', join(dir, 'leaf.pem')], { encoding: 'utf8' });
      assert.match(ok, /OK/);
      assert.throws(() => execFileSync('openssl', ['verify', '-CAfile', join(dir, 'ca.pem'), '-verify_hostname', 'other.test', join(dir, 'leaf.pem')], { stdio: 'pipe' }));
      const other = new CertificateAuthority('other');
      writeFileSync(join(dir, 'other.pem'), other.certificate);
      assert.throws(() => execFileSync('openssl', ['verify', '-CAfile', join(dir, 'other.pem'), join(dir, 'leaf.pem')], { stdio: 'pipe' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves TLS that a client trusting only the CA accepts for the host', async () => {
    const leaf = ca.issue('secret.test');
    const server = createServer({ cert: leaf.cert, key: leaf.key }, (s) => s.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, servername: 'secret.test', ca: ca.certificate }, () => undefined);
        let text = '';
        socket.on('data', (c: Buffer) => (text += c.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      assert.equal(answer, 'hello');
    } finally {
      server.close();
    }
  });
});

describe('the DER writer', () => {
  it('encodes object identifiers, integers and times as X.690 says', () => {
    assert.equal(oid('1.2.840.10045.4.3.2').toString('hex'), '06082a8648ce3d040302');
    assert.equal(unsignedInteger(Buffer.from([0x00, 0x00, 0x80])).toString('hex'), '02020080');
    assert.equal(unsignedInteger(2).toString('hex'), '020102');
    assert.equal(time(new Date('2030-01-02T03:04:05Z')).toString('latin1').slice(2), '300102030405Z');
    assert.equal(time(new Date('2051-01-02T03:04:05Z')).toString('latin1').slice(2), '20510102030405Z');
  });
});
