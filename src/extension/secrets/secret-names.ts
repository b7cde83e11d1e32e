// Names of the secrets Clawdock holds in SecretStorage. Plain Node, tested beside.
import { invalidSandboxSecretName } from '../../egress';

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

/** The user setting granting secrets to the sandbox, bound to hosts (relative to `clawdock.`). */
export const GRANTED_SECRETS_KEY = 'sandbox.grantedSecrets';

/** The user setting that lets bare names through as plain variables (relative to `clawdock.`). */
export const EXPOSE_SECRETS_KEY = 'sandbox.dangerouslyExposeSecretsToSandbox';

/** Why `name` cannot be a granted secret's variable name, or undefined when it can (one rule, src/egress). */
export const invalidSecretName = invalidSandboxSecretName;

/** Secrets shorter than this would mask ordinary text everywhere (the redactor ignores them), so they are refused. */
export const MIN_SECRET_LENGTH = 8;

/** Why `value` cannot be stored as a secret, or undefined when it can. */
export function invalidSecretValue(value: string): string | undefined {
  if (value.trim() === '') return 'Enter the value.';
  if (value.trim().length < MIN_SECRET_LENGTH) return `A secret shorter than ${MIN_SECRET_LENGTH} characters could not be masked in output; Clawdock refuses it.`;
  if (/[\r\n\0]/.test(value.trim())) return 'Enter one line, without line breaks.';
  return undefined;
}
