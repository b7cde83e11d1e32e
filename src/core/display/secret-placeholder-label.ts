import { PLACEHOLDER_PREFIX, placeholderPattern } from '../secret-placeholder';

/** The hosts a bound secret may be sent to, by its name (undefined: not known here). */
export type SecretHostsLookup = (name: string) => readonly string[] | undefined;

/** How a secret's placeholder is shown: `«NPM_TOKEN for registry.npmjs.org»`. */
export function secretPlaceholderLabel(name: string, hosts: readonly string[] | undefined): string {
  return hosts && hosts.length > 0 ? `«${name} for ${hosts.join(', ')}»` : `«${name} placeholder»`;
}

/**
 * Shows every secret placeholder in `text` as the secret's name and hosts
 * (issue 16): the chat panel, proposal documents, the audit and tool output
 * say which secret a command used and where it may go, not a random string.
 * The redactor applies it to everything it masks; a surface that shows text
 * the redactor has not seen calls it directly.
 */
export function labelSecretPlaceholders(text: string, hostsOf: SecretHostsLookup = () => undefined): string {
  if (!text.includes(PLACEHOLDER_PREFIX)) return text;
  return text.replace(placeholderPattern(), (_match, name: string) => secretPlaceholderLabel(name, hostsOf(name)));
}
