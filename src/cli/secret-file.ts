import { SecretsVault, vaultPaths } from '../secrets';
import { clawdockHome } from './cli-settings';

/**
 * The CLI's secrets: the encrypted vault `$CLAWDOCK_HOME/secrets.vault`
 * (src/secrets; the extension keeps the same secrets in VS Code's
 * SecretStorage). Keys: `apiKey.anthropic`, `apiKey.openai`,
 * `sandboxSecret.<NAME>`, and the gateway's tokens (`telegram.bot` …).
 */
export function secretFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return vaultPaths(clawdockHome(env)).vault;
}

/** The vault of this environment's `CLAWDOCK_HOME`; a plain `secrets.json` left by an older version is moved into it once. */
export function cliVault(env: NodeJS.ProcessEnv = process.env): SecretsVault {
  return new SecretsVault({
    home: clawdockHome(env),
    env,
    onMigrated: (names, from) => process.stderr.write(`clawdock: moved ${names.length} secret(s) from the plain ${from} into the encrypted vault and removed it\n`),
  });
}

/** Reads every secret (none, and no key needed, when there is no vault). A locked vault or a wrong passphrase is an error naming the fix. */
export function readSecrets(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return cliVault(env).readAll();
}

/** Sets (or with `undefined` removes) one secret. */
export function writeSecret(name: string, value: string | undefined, env: NodeJS.ProcessEnv = process.env): void {
  const vault = cliVault(env);
  if (value === undefined) vault.remove(name);
  else vault.set(name, value);
}
