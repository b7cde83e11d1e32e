// The secrets Clawdock holds: model API keys and the secrets granted to the
// sandbox, in SecretStorage, each value also taught to the redactor. Plain Node
// over a SecretStorage-shaped store, tested beside.
import type { Logger } from '../../core/logger';
import { assertGrantsUsable, type BoundSecret, type GrantedSecrets } from '../../egress';
import { apiKeyKey, MODEL_PROVIDERS, sandboxSecretKey, type ModelProvider } from './secret-names';

/** The part of VS Code's SecretStorage the vault uses. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** What the vault needs. */
export interface SecretVaultOptions {
  readonly store: SecretStore;
  /** Told every secret value read or stored, so output never shows it. */
  readonly mask: (value: string) => void;
  /** The user's `clawdock.sandbox.grantedSecrets`, read. */
  readonly grants: () => GrantedSecrets;
  /** The user's `clawdock.sandbox.dangerouslyExposeSecretsToSandbox`. */
  readonly exposeAllowed: () => boolean;
  readonly logger: Logger;
}

/**
 * Reads and writes Clawdock's secrets. Values are cached after the first read
 * (SecretStorage is a round trip to the keychain) and forgotten when the store
 * says a key changed, e.g. in another window.
 */
export class SecretVault {
  private readonly cache = new Map<string, Promise<string | undefined>>();
  /** Settles once every secret known at start is read and masked. */
  readonly ready: Promise<void>;

  constructor(private readonly options: SecretVaultOptions) {
    this.ready = this.loadAll();
  }

  /** Reads (and masks) every API key and granted secret; a failure is logged, not thrown. */
  async loadAll(): Promise<void> {
    const keys = [...MODEL_PROVIDERS.map((p) => apiKeyKey(p.id)), ...this.validNames().map(sandboxSecretKey)];
    await Promise.all(keys.map((key) => this.read(key).catch((err: unknown) => this.options.logger.warn(`secrets: could not read ${key}: ${(err as Error).message}`))));
  }

  /** The provider's API key, if one is set. */
  apiKey(provider: ModelProvider): Promise<string | undefined> {
    return this.read(apiKeyKey(provider));
  }

  async setApiKey(provider: ModelProvider, value: string): Promise<void> {
    await this.write(apiKeyKey(provider), value.trim());
  }

  async clearApiKey(provider: ModelProvider): Promise<void> {
    await this.remove(apiKeyKey(provider));
  }

  /** Stores the value of a secret granted to the sandbox (the setting that lists it is the caller's). */
  async storeSandboxSecret(name: string, value: string): Promise<void> {
    await this.write(sandboxSecretKey(name), value.trim());
  }

  async deleteSandboxSecret(name: string): Promise<void> {
    await this.remove(sandboxSecretKey(name));
  }

  /**
   * The old form's environment (issue 16): bare names with their values, in
   * every command — only with `dangerouslyExposeSecretsToSandbox`. Throws a
   * ConfigError that shows the new form otherwise, or when an entry of the
   * setting cannot be read, so the command is refused and says why.
   */
  async grantedEnv(): Promise<Record<string, string>> {
    const grants = this.options.grants();
    assertGrantsUsable(grants, this.options.exposeAllowed());
    const env: Record<string, string> = {};
    for (const name of grants.bare) {
      const value = await this.read(sandboxSecretKey(name));
      if (value !== undefined) env[name] = value;
    }
    return env;
  }

  /**
   * The secrets bound to hosts, with their values, for the egress proxy. A
   * binding with no stored value is left out (and logged): its variable is
   * then not set at all. Throws like `grantedEnv` for unusable grants.
   */
  async boundSecrets(): Promise<BoundSecret[]> {
    const grants = this.options.grants();
    assertGrantsUsable(grants, this.options.exposeAllowed());
    const out: BoundSecret[] = [];
    for (const binding of grants.bound) {
      const value = await this.read(sandboxSecretKey(binding.name));
      if (value === undefined) this.options.logger.warn(`clawdock.sandbox.grantedSecrets: ${binding.name} has no stored value; run "Clawdock: Grant Secret to Sandbox…" to set it`);
      else out.push({ ...binding, value });
    }
    return out;
  }

  /** Forgets a cached value after the store says it changed; the new one is read (and masked) now. */
  changed(key: string): void {
    this.cache.delete(key);
    if (key.startsWith('clawdock.')) void this.read(key).catch(() => undefined);
  }

  /** Every granted name the setting could read (invalid entries are reported when a command runs). */
  private validNames(): string[] {
    const grants = this.options.grants();
    return [...grants.bound.map((b) => b.name), ...grants.bare];
  }

  private read(key: string): Promise<string | undefined> {
    let value = this.cache.get(key);
    if (!value) {
      value = Promise.resolve(this.options.store.get(key)).then((v) => {
        if (v) this.options.mask(v);
        return v || undefined;
      });
      value.catch(() => this.cache.delete(key));
      this.cache.set(key, value);
    }
    return value;
  }

  private async write(key: string, value: string): Promise<void> {
    // Masked before it is stored: from this moment on it can appear in output.
    this.options.mask(value);
    await this.options.store.store(key, value);
    this.cache.set(key, Promise.resolve(value));
  }

  private async remove(key: string): Promise<void> {
    await this.options.store.delete(key);
    this.cache.set(key, Promise.resolve(undefined));
  }
}
