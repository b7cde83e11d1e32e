// Where the vault's passphrase comes from: CLAWDOCK_SECRETS_PASSPHRASE (for
// services and CI) first, else the OS keychain where one answers — libsecret's
// `secret-tool` on Linux, `security` on macOS — holding a random passphrase
// Clawdock made for this vault. Synchronous on purpose: the CLI reads secrets
// where it builds providers and redactors, which are synchronous.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../core/hash';

/** The environment variable a service sets to the vault's passphrase. */
export const PASSPHRASE_ENV = 'CLAWDOCK_SECRETS_PASSPHRASE';
/** Set to `off` to never ask the OS keychain (tests, machines whose keychain prompts). */
export const KEYCHAIN_ENV = 'CLAWDOCK_SECRETS_KEYCHAIN';

const SERVICE = 'clawdock';
const TIMEOUT_MS = 5_000;

/** A passphrase and where it came from (named in messages, never the value). */
export interface VaultKey {
  readonly passphrase: string;
  readonly source: 'env' | 'keychain';
}

/** The OS keychain as the vault uses it; tests pass a fake, `osKeychain` is the real one. */
export interface Keychain {
  /** The stored passphrase of `account`, or undefined when there is none or no keychain answers. */
  read(account: string): string | undefined;
  /** Stores a passphrase; false when no keychain answers. */
  write(account: string, passphrase: string): boolean;
}

/** The keychain account of a vault file: one entry per vault, so two `CLAWDOCK_HOME`s never share a key. */
export function keychainAccount(vaultFile: string): string {
  return `secrets-vault-${sha256Hex(vaultFile).slice(0, 16)}`;
}

/** The passphrase for an existing vault, or undefined when nothing answers. */
export function findVaultKey(vaultFile: string, env: NodeJS.ProcessEnv, keychain: Keychain): VaultKey | undefined {
  const fromEnv = env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return { passphrase: fromEnv, source: 'env' };
  if (env[KEYCHAIN_ENV] === 'off') return undefined;
  const stored = keychain.read(keychainAccount(vaultFile));
  return stored ? { passphrase: stored, source: 'keychain' } : undefined;
}

/** The passphrase for a new vault: the environment's, else a random one stored in the keychain; undefined when neither answers. */
export function newVaultKey(vaultFile: string, env: NodeJS.ProcessEnv, keychain: Keychain): VaultKey | undefined {
  const found = findVaultKey(vaultFile, env, keychain);
  if (found || env[KEYCHAIN_ENV] === 'off') return found;
  const passphrase = randomBytes(32).toString('base64url');
  return keychain.write(keychainAccount(vaultFile), passphrase) ? { passphrase, source: 'keychain' } : undefined;
}

/** The machine's keychain through its command-line tool; any failure (missing tool, locked, no D-Bus) is "does not answer". */
export const osKeychain: Keychain = {
  read(account) {
    const r = process.platform === 'darwin'
      ? run('security', ['find-generic-password', '-s', SERVICE, '-a', account, '-w'])
      : run('secret-tool', ['lookup', 'service', SERVICE, 'account', account]);
    const value = r?.trim();
    return value ? value : undefined;
  },
  write(account, passphrase) {
    // secret-tool reads the secret from stdin; `security` only takes it as an argument (-w), which other users cannot see on macOS.
    const r = process.platform === 'darwin'
      ? run('security', ['add-generic-password', '-U', '-s', SERVICE, '-a', account, '-l', 'Clawdock secrets vault', '-w', passphrase])
      : run('secret-tool', ['store', '--label=Clawdock secrets vault', 'service', SERVICE, 'account', account], passphrase);
    return r !== undefined && this.read(account) === passphrase;
  },
};

function run(program: string, args: readonly string[], input?: string): string | undefined {
  try {
    const r = spawnSync(program, args, { input: input ?? '', encoding: 'utf8', timeout: TIMEOUT_MS, stdio: ['pipe', 'pipe', 'ignore'] });
    return r.status === 0 ? r.stdout : undefined;
  } catch {
    return undefined;
  }
}
