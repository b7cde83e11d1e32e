// Names of the secrets Clawdock holds in SecretStorage. Plain Node, tested beside.

/** Model providers whose API key Clawdock keeps. */
export type ModelProvider = 'anthropic' | 'openai';

/** The providers as offered by `Set API Key…`. */
export const MODEL_PROVIDERS: readonly { readonly id: ModelProvider; readonly label: string }[] = [
  { id: 'anthropic', label: 'Anthropic' },
  { id: 'openai', label: 'OpenAI-compatible' },
];

/** The SecretStorage key of a provider's API key. */
export function apiKeyKey(provider: ModelProvider): string {
  return `clawdock.apiKey.${provider}`;
}

/** The SecretStorage key of a secret granted to the sandbox as the variable `name`. */
export function sandboxSecretKey(name: string): string {
  return `clawdock.sandboxSecret.${name}`;
}

/** The user setting listing the names of secrets granted to the sandbox (relative to `clawdock.`). */
export const GRANTED_SECRETS_KEY = 'sandbox.grantedSecrets';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** Variables the sandbox sets itself or that change how programs start: a secret must not replace them. */
const RESERVED = new Set(['PATH', 'HOME', 'USER', 'LANG', 'TERM', 'SHELL', 'PWD', 'ENV', 'BASH_ENV', 'IFS', 'PS4', 'LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT', 'PYTHONSTARTUP', 'NODE_OPTIONS']);

/** Why `name` cannot be a granted secret's variable name, or undefined when it can. */
export function invalidSecretName(name: string): string | undefined {
  if (!ENV_NAME.test(name)) return 'Use an environment variable name: letters, digits and _, not starting with a digit.';
  if (RESERVED.has(name.toUpperCase()) || /^CLAWDOCK/i.test(name)) return `${name} is set by the sandbox itself or changes how programs start; pick another name.`;
  return undefined;
}

/** Secrets shorter than this would mask ordinary text everywhere (the redactor ignores them), so they are refused. */
export const MIN_SECRET_LENGTH = 8;

/** Why `value` cannot be stored as a secret, or undefined when it can. */
export function invalidSecretValue(value: string): string | undefined {
  if (value.trim() === '') return 'Enter the value.';
  if (value.trim().length < MIN_SECRET_LENGTH) return `A secret shorter than ${MIN_SECRET_LENGTH} characters could not be masked in output; Clawdock refuses it.`;
  if (/[\r\n\0]/.test(value.trim())) return 'Enter one line, without line breaks.';
  return undefined;
}
