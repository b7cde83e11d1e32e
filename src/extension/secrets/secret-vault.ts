// The secrets Clawdock holds: model API keys and the secrets granted to the
// sandbox, in SecretStorage, each value also taught to the redactor. Plain Node
// over a SecretStorage-shaped store, tested beside.
import type { Logger } from '../../core/logger';
import { apiKeyKey, invalidSecretName, MODEL_PROVIDERS, sandboxSecretKey, type ModelProvider } from './secret-names';

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
  /** Names listed in the user's `clawdock.sandbox.grantedSecrets`. */
  readonly grantedNames: () => readonly string[];
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
   * The environment every sandbox command gets: each listed name with a stored
   * value. Names that are not valid variable names, or that the sandbox sets
   * itself, are left out (and logged), never passed.
   */
  async grantedEnv(): Promise<Record<string, string>> {
    const env: Record<string, string> = {};
    for (const name of this.validNames()) {
      const value = await this.read(sandboxSecretKey(name));
      if (value !== undefined) env[name] = value;
    }
    return env;
  }

  /** Forgets a cached value after the store says it changed; the new one is read (and masked) now. */
  changed(key: string): void {
    this.cache.delete(key);
    if (key.startsWith('clawdock.')) void this.read(key).catch(() => undefined);
  }

  private validNames(): string[] {
    return this.options.grantedNames().filter((name) => {
      const why = invalidSecretName(name);
      if (why) this.options.logger.warn(`clawdock.sandbox.grantedSecrets: ${JSON.stringify(name)} is left out — ${why}`);
      return !why;
    });
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
