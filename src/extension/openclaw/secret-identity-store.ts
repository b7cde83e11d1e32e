// The extension's OpenClaw device identity: the Ed25519 private key and the
// device tokens each gateway issued, in VS Code's SecretStorage (the OS
// keychain), never in settings or on disk in the clear. Every value is taught
// to the redactor as it is read or stored. Plain Node over a SecretStorage-shaped store.
import { sha256Hex } from '../../core/hash';
import type { IdentityStore } from '../../gateway';
import type { SecretStore } from '../secrets/secret-vault';

/** SecretStorage keys of the bridge. */
export const OPENCLAW_SECRET_KEYS = {
  token: 'clawdock.openclaw.token',
  deviceKey: 'clawdock.openclaw.deviceKey',
  /** One per gateway URL (hashed: URLs may be long or carry odd characters). */
  deviceToken: (gatewayUrl: string) => `clawdock.openclaw.deviceToken.${sha256Hex(gatewayUrl).slice(0, 32)}`,
} as const;

/** An IdentityStore over SecretStorage. */
export class SecretIdentityStore implements IdentityStore {
  constructor(
    private readonly store: SecretStore,
    private readonly mask: (value: string) => void,
  ) {}

  readPrivateKey(): Promise<string | undefined> {
    return this.read(OPENCLAW_SECRET_KEYS.deviceKey);
  }

  async writePrivateKey(pem: string): Promise<void> {
    this.mask(pem);
    await this.store.store(OPENCLAW_SECRET_KEYS.deviceKey, pem);
  }

  readDeviceToken(gatewayUrl: string): Promise<string | undefined> {
    return this.read(OPENCLAW_SECRET_KEYS.deviceToken(gatewayUrl));
  }

  async writeDeviceToken(gatewayUrl: string, token: string): Promise<void> {
    this.mask(token);
    await this.store.store(OPENCLAW_SECRET_KEYS.deviceToken(gatewayUrl), token);
  }

  private async read(key: string): Promise<string | undefined> {
    const value = await this.store.get(key);
    if (value) this.mask(value);
    return value || undefined;
  }
}
