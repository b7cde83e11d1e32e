// The CLI's and the gateway's secrets (model keys, gateway tokens, secrets
// granted to the sandbox): one file, `$CLAWDOCK_HOME/secrets.vault`, sealed
// with AES-256-GCM under a passphrase-derived key. The plain `secrets.json` of
// earlier versions is moved into it the first time a key answers, then removed.
// The extension keeps its own secrets in VS Code's SecretStorage.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClawdockError, ConfigError } from '../core/errors';
import { openVault, sealedVaultSchema, sealVault, type SealedVault } from './vault-crypto';
import { VaultFormatError, VaultLockedError, VaultPassphraseError } from './vault-errors';
import { findVaultKey, newVaultKey, osKeychain, type Keychain, type VaultKey } from './vault-key-source';
import { readPrivateFileSync, withFileLockSync, writePrivateFileSync } from './private-file';

/** Names of secrets: `apiKey.anthropic`, `sandboxSecret.NPM_TOKEN`, `telegram.bot` … */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Where a home's vault and its plain predecessor live. */
export function vaultPaths(home: string): { readonly vault: string; readonly legacy: string } {
  return { vault: join(home, 'secrets.vault'), legacy: join(home, 'secrets.json') };
}

/** What a vault is opened with. */
export interface SecretsVaultOptions {
  /** `$CLAWDOCK_HOME` */
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  /** Default: the OS keychain. */
  readonly keychain?: Keychain;
  /** Told once when the plain secrets file was moved into the vault. */
  readonly onMigrated?: (names: readonly string[], from: string) => void;
}

/** Why a name cannot be a secret's, or undefined. */
export function invalidSecretName(name: string): string | undefined {
  return NAME.test(name) ? undefined : 'a secret name is 1–128 letters, digits, `_`, `.` or `-`, starting with a letter or digit';
}

/** The encrypted secrets of one `CLAWDOCK_HOME`. Values are never printed by anything here. */
export class SecretsVault {
  readonly file: string;
  readonly legacyFile: string;
  readonly #keychain: Keychain;

  constructor(private readonly options: SecretsVaultOptions) {
    const paths = vaultPaths(options.home);
    this.file = paths.vault;
    this.legacyFile = paths.legacy;
    this.#keychain = options.keychain ?? osKeychain;
  }

  /** Every secret (an empty map when there is no vault and nothing to migrate; no key is needed for that). */
  readAll(): Record<string, string> {
    const sealed = this.#readSealed();
    const legacy = readPrivateFileSync(this.legacyFile, 'the plain secrets file');
    if (!sealed && legacy === undefined) return {};
    if (legacy !== undefined) return this.#update(() => undefined).secrets;
    return this.#open(sealed as SealedVault, this.#keyFor(true)).secrets;
  }

  /** One secret's value, or undefined. */
  get(name: string): string | undefined {
    return this.readAll()[name];
  }

  /** The names held, sorted. */
  names(): string[] {
    return Object.keys(this.readAll()).sort();
  }

  /** Sets a secret (creating the vault, and its keychain entry, when needed). */
  set(name: string, value: string): void {
    const why = invalidSecretName(name);
    if (why) throw new ConfigError(name, why);
    if (value === '') throw new ClawdockError(`the value of ${name} is empty`, { hint: 'pipe the value on standard input: `printf %s "$TOKEN" | clawdock secrets set NAME`' });
    this.#update((secrets) => {
      secrets[name] = value;
      return true;
    });
  }

  /** Removes a secret; false when there was none of that name. */
  remove(name: string): boolean {
    let removed = false;
    if (!this.#readSealed() && readPrivateFileSync(this.legacyFile, 'the plain secrets file') === undefined) return false;
    this.#update((secrets) => {
      removed = name in secrets;
      delete secrets[name];
      return removed;
    });
    return removed;
  }

  /** Read, change, seal and write under the lock; the plain file is migrated on the way. */
  #update(change: (secrets: Record<string, string>) => boolean | undefined): { secrets: Record<string, string> } {
    return withFileLockSync(this.file, () => {
      const sealed = this.#readSealed();
      const key = this.#keyFor(sealed !== undefined);
      const current = sealed ? this.#open(sealed, key) : { secrets: {} as Record<string, string>, sealed: undefined };
      const secrets = { ...current.secrets };
      const legacyText = readPrivateFileSync(this.legacyFile, 'the plain secrets file');
      const migrated = legacyText === undefined ? [] : mergeLegacy(secrets, legacyText, this.legacyFile);
      const changed = change(secrets);
      if (changed || legacyText !== undefined || !sealed) {
        writePrivateFileSync(this.file, `${JSON.stringify(sealVault(secrets, key.passphrase, current.sealed), null, 1)}\n`);
      }
      if (legacyText !== undefined) {
        // Overwritten before it is removed: the plain copy should not linger in free blocks longer than it must.
        writeFileSync(this.legacyFile, '\0'.repeat(legacyText.length));
        rmSync(this.legacyFile, { force: true });
        this.options.onMigrated?.(migrated, this.legacyFile);
      }
      return { secrets };
    });
  }

  #keyFor(exists: boolean): VaultKey {
    const env = this.options.env;
    const key = exists ? findVaultKey(this.file, env, this.#keychain) : newVaultKey(this.file, env, this.#keychain);
    if (!key) throw new VaultLockedError(this.file, exists ? 'no passphrase is set and no OS keychain holds one' : 'a new vault needs a passphrase, and none is set and no OS keychain answers');
    return key;
  }

  #open(sealed: SealedVault, key: VaultKey): { secrets: Record<string, string>; sealed: SealedVault } {
    const secrets = openVault(sealed, key.passphrase);
    if (!secrets) throw new VaultPassphraseError(this.file);
    return { secrets, sealed };
  }

  #readSealed(): SealedVault | undefined {
    const text = readPrivateFileSync(this.file, 'the secrets vault');
    if (text === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new VaultFormatError(this.file, 'not JSON');
    }
    const parsed = sealedVaultSchema.safeParse(value);
    if (!parsed.success) throw new VaultFormatError(this.file, parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; '));
    return parsed.data;
  }
}

/** Adds the plain file's secrets (the vault's own values win); returns the names taken over. */
function mergeLegacy(secrets: Record<string, string>, text: string, file: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, `cannot be read as JSON: ${(error as Error).message}`, 'fix the file so it can be moved into the vault, or remove it');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(file, 'is not a JSON object of name → value', 'fix or remove the file');
  const taken: string[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'string' || invalidSecretName(name) || name in secrets) continue;
    secrets[name] = value;
    taken.push(name);
  }
  return taken;
}
