// The secrets room: the encrypted vault of the CLI and the gateway (issue 12),
// and the private-file helpers it is built on. Plain Node.
export { invalidSecretName, SecretsVault, vaultPaths, type SecretsVaultOptions } from './secrets-vault';
export { VaultFormatError, VaultLockedError, VaultPassphraseError } from './vault-errors';
export { KEYCHAIN_ENV, PASSPHRASE_ENV, osKeychain, type Keychain } from './vault-key-source';
export { readPrivateFileSync, withFileLockSync, writePrivateFileSync } from './private-file';
