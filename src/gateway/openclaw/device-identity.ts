// This window's (or this CLI's) persistent device identity towards an OpenClaw
// gateway: an Ed25519 key pair whose public key's sha256 is the device id the
// gateway pairs, and which signs every connect. The private key is kept by an
// IdentityStore (SecretStorage in the extension, a 0600 file in the CLI).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { ClawdockError } from '../../core/errors';

/** Where the private key and the device tokens the gateway issues are kept. */
export interface IdentityStore {
  /** The PKCS#8 PEM private key, or undefined before the first connect. */
  readPrivateKey(): Promise<string | undefined>;
  writePrivateKey(pem: string): Promise<void>;
  /** The device token a gateway (by URL) issued to this device. */
  readDeviceToken(gatewayUrl: string): Promise<string | undefined>;
  writeDeviceToken(gatewayUrl: string, token: string): Promise<void>;
}

/** A loaded identity: its id, the public key as the gateway wants it, and a signer. */
export class DeviceIdentity {
  /** sha256 of the raw 32-byte public key, lowercase hex (OpenClaw's device id, and the node id). */
  readonly deviceId: string;
  /** The raw public key, base64url. */
  readonly publicKey: string;

  private constructor(private readonly privateKey: KeyObject) {
    const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new ClawdockError('the stored OpenClaw device key is not an Ed25519 key');
    this.publicKey = jwk.x;
    this.deviceId = createHash('sha256').update(Buffer.from(jwk.x, 'base64url')).digest('hex');
  }

  /** Loads a PEM private key; throws a ClawdockError naming the fix when it is not a usable Ed25519 key. */
  static fromPem(pem: string): DeviceIdentity {
    let key: KeyObject;
    try {
      key = createPrivateKey(pem);
    } catch (cause) {
      throw new ClawdockError('the stored OpenClaw device key cannot be read', { hint: 'remove it to create a new device identity, then pair again', cause });
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new ClawdockError('the stored OpenClaw device key is not an Ed25519 key', { hint: 'remove it to create a new device identity, then pair again' });
    return new DeviceIdentity(key);
  }

  /** A fresh identity and its PEM, to be stored before first use. */
  static generate(): { identity: DeviceIdentity; pem: string } {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    return { identity: new DeviceIdentity(privateKey), pem };
  }

  /** Ed25519 signature of the UTF-8 payload, base64url. */
  sign(payload: string): string {
    return sign(null, Buffer.from(payload, 'utf8'), this.privateKey).toString('base64url');
  }
}

/** The stored identity, or a new one stored first (so a crash cannot leave a device the gateway paired but we forgot). */
export async function loadOrCreateIdentity(store: IdentityStore): Promise<DeviceIdentity> {
  const pem = await store.readPrivateKey();
  if (pem) return DeviceIdentity.fromPem(pem);
  const fresh = DeviceIdentity.generate();
  await store.writePrivateKey(fresh.pem);
  return fresh.identity;
}
