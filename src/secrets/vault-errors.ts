import { ClawdockError } from '../core/errors';

/** No key answers for a vault that exists (or a plain secrets file waiting to be moved into one). */
export class VaultLockedError extends ClawdockError {
  override name = 'VaultLockedError';

  constructor(readonly file: string, why: string) {
    super(`the secrets vault ${file} is locked: ${why}`, {
      hint: 'export CLAWDOCK_SECRETS_PASSPHRASE=… (services, CI), or run where the OS keychain answers (secret-tool on Linux, the login keychain on macOS)',
    });
  }
}

/** The key did not open the vault: a wrong passphrase, or a file altered since it was written. */
export class VaultPassphraseError extends ClawdockError {
  override name = 'VaultPassphraseError';

  constructor(readonly file: string) {
    super(`the secrets vault ${file} could not be opened: the passphrase is wrong or the file was altered`, {
      hint: 'check CLAWDOCK_SECRETS_PASSPHRASE (or the keychain entry "clawdock"); the vault cannot be read without its passphrase',
    });
  }
}

/** The vault file is not one this version writes. */
export class VaultFormatError extends ClawdockError {
  override name = 'VaultFormatError';

  constructor(readonly file: string, why: string) {
    super(`${file} is not a Clawdock secrets vault: ${why}`, { hint: 'restore it from a backup, or remove it and set the secrets again (`clawdock secrets set NAME`)' });
  }
}
