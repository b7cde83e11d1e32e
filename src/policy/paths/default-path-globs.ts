/** Files the agent may not read by default: secrets and credentials (globs relative to /workspace). */
export const DEFAULT_READ_DENY: readonly string[] = Object.freeze([
  '**/.env',
  '**/.env.*',
  '**/.envrc',
  '**/*.pem',
  '**/*.key',
  '**/*.p12',
  '**/*.pfx',
  '**/*.keystore',
  '**/*.jks',
  '**/id_rsa*',
  '**/id_dsa*',
  '**/id_ecdsa*',
  '**/id_ed25519*',
  '**/.npmrc',
  '**/.pypirc',
  '**/.yarnrc.yml',
  '**/.git-credentials',
  '**/.netrc',
  '**/.pgpass',
  '**/.htpasswd',
  '**/.aws/**',
  '**/.ssh/**',
  '**/.gnupg/**',
  '**/.docker/config.json',
  '**/.kube/config',
  '**/credentials.json',
  '**/secrets.{yml,yaml,json}',
  '**/*.tfstate',
  '**/*.tfstate.*',
]);

/**
 * Files the host itself executes or trusts (DESIGN.md, sandbox contract): a change
 * to one always needs a person, whatever the mode or rules say.
 */
export const DEFAULT_PROTECTED_PATHS: readonly string[] = Object.freeze([
  '.vscode/**',
  '.git/hooks/**',
  '.git/config',
  '*.code-workspace',
  '.devcontainer/**',
  // Nested repositories: git runs the hooks and config of whichever .git it finds first.
  '**/.git/config',
  '**/.git/hooks/**',
]);
