import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { bitString, boolean, explicit, implicitPrimitive, octetString, oid, sequence, set, time, unsignedInteger, utf8String } from './der';

const ECDSA_WITH_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));
const COMMON_NAME = '2.5.4.3';
const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** The CA outlives any proxy run (a window open for weeks); a leaf is issued again well before it ends. */
const CA_LIFETIME = 398 * DAY;
const LEAF_LIFETIME = 30 * DAY;
/** Clocks inside containers and on hosts drift: certificates start an hour early. */
const BACKDATE = HOUR;

/** A certificate and its key, both PEM, as `tls.createSecureContext` takes them. */
export interface IssuedCertificate {
  readonly cert: string;
  readonly key: string;
  readonly notAfter: Date;
}

function name(commonName: string): Buffer {
  return sequence(set(sequence(oid(COMMON_NAME), utf8String(commonName))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

function serialNumber(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return unsignedInteger(bytes);
}

function publicKeyInfo(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

/** RFC 5280's method 1: the SHA-1 of the subjectPublicKey bits (the SPKI's BIT STRING content, less its unused-bits byte). */
function keyIdentifier(spki: Buffer): Buffer {
  // An EC P-256 SPKI is SEQUENCE { AlgorithmIdentifier, BIT STRING (0x00 || 65-byte point) }: the point is its last 65 bytes.
  return createHash('sha1').update(spki.subarray(spki.length - 65)).digest();
}

function toPem(der: Buffer, label: string): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function signCertificate(tbs: Buffer, issuerKey: KeyObject): Buffer {
  return sequence(tbs, ECDSA_WITH_SHA256, bitString(sign('sha256', tbs, issuerKey)));
}

function newKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/**
 * A sandbox's own certificate authority (issue 16): made when its egress
 * proxy starts, held in the proxy's memory only, and trusted by nothing but
 * that sandbox (its certificate is installed there; its key never leaves the
 * proxy). It issues a certificate for a secret's host when the proxy
 * terminates TLS to put the secret into requests; every other host's TLS
 * passes the proxy untouched.
 *
 * Certificates are EC P-256 / ECDSA-SHA256, laid out with a small DER writer
 * over node:crypto rather than a certificate library: the proxy travels as one
 * `node -e` argument (at most 128 KiB) and a library such as node-forge alone
 * would not fit.
 */
export class CertificateAuthority {
  /** The CA certificate, PEM: what the sandbox trusts. */
  readonly certificate: string;
  readonly notAfter: Date;
  private readonly key: KeyObject;
  private readonly subject: Buffer;
  private readonly keyId: Buffer;
  /** One key for every leaf: a leaf's key protects nothing the CA's does not. */
  private readonly leafKeys = newKeyPair();
  private readonly leafKeyPem: string;
  private readonly leaves = new Map<string, IssuedCertificate>();

  constructor(label: string, now: Date = new Date()) {
    const { publicKey, privateKey } = newKeyPair();
    this.key = privateKey;
    this.subject = name(`Clawdock sandbox CA ${label}`.slice(0, 64));
    const spki = publicKeyInfo(publicKey);
    this.keyId = keyIdentifier(spki);
    this.notAfter = new Date(now.getTime() + CA_LIFETIME);
    const tbs = sequence(
      explicit(0, unsignedInteger(2)),
      serialNumber(),
      ECDSA_WITH_SHA256,
      this.subject,
      sequence(time(new Date(now.getTime() - BACKDATE)), time(this.notAfter)),
      this.subject,
      spki,
      explicit(3, sequence(
        extension('2.5.29.19', true, sequence(boolean(true), unsignedInteger(0))),
        // keyCertSign (5) and cRLSign (6): 0b0000011x, one unused bit.
        extension('2.5.29.15', true, bitString(Buffer.from([0x06]), 1)),
        extension('2.5.29.14', false, octetString(this.keyId)),
      )),
    );
    this.certificate = toPem(signCertificate(tbs, privateKey), 'CERTIFICATE');
    this.leafKeyPem = this.leafKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  }

  /** A certificate for one host name (issued once, then again shortly before it expires). */
  issue(host: string, now: Date = new Date()): IssuedCertificate {
    const cached = this.leaves.get(host);
    if (cached && cached.notAfter.getTime() - now.getTime() > DAY) return cached;
    const spki = publicKeyInfo(this.leafKeys.publicKey);
    const notAfter = new Date(Math.min(now.getTime() + LEAF_LIFETIME, this.notAfter.getTime()));
    const tbs = sequence(
      explicit(0, unsignedInteger(2)),
      serialNumber(),
      ECDSA_WITH_SHA256,
      this.subject,
      sequence(time(new Date(now.getTime() - BACKDATE)), time(notAfter)),
      name(host.slice(0, 64)),
      spki,
      explicit(3, sequence(
        extension('2.5.29.19', true, sequence()),
        // digitalSignature (0): 0b1xxxxxxx, seven unused bits.
        extension('2.5.29.15', true, bitString(Buffer.from([0x80]), 7)),
        extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))),
        extension('2.5.29.17', false, sequence(implicitPrimitive(2, Buffer.from(host, 'latin1')))),
        extension('2.5.29.14', false, octetString(keyIdentifier(spki))),
        extension('2.5.29.35', false, sequence(implicitPrimitive(0, this.keyId))),
      )),
    );
    const issued = { cert: toPem(signCertificate(tbs, this.key), 'CERTIFICATE'), key: this.leafKeyPem, notAfter };
    this.leaves.set(host, issued);
    return issued;
  }

  /** The CA certificate parsed, for checks. */
  x509(): X509Certificate {
    return new X509Certificate(this.certificate);
  }
}
