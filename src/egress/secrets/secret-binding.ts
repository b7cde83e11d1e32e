import { matchesPattern, parseDomainPattern, type DomainPattern } from '../host/domain-pattern';

/**
 * Where a secret goes in a request to its hosts: a header (`Authorization:
 * Bearer …` by default), a URL query parameter, or the password of HTTP Basic
 * credentials (git over HTTPS, PyPI uploads).
 */
export type SecretPlacement = 'header' | 'query' | 'basic';

/** Every placement. */
export const SECRET_PLACEMENTS: readonly SecretPlacement[] = ['header', 'query', 'basic'];

/**
 * A secret bound to hosts (issue 16), as the owner wrote it in
 * `clawdock.sandbox.grantedSecrets`. Fields the owner left out are filled per
 * host from `WELL_KNOWN_HOSTS` (see `slotFor`).
 */
export interface SecretBinding {
  /** The environment variable the sandbox sees its placeholder in. */
  readonly name: string;
  /** The hosts (`registry.npmjs.org`, `*.example.com`) whose requests get the real value; canonical entries. */
  readonly hosts: readonly string[];
  readonly placement?: SecretPlacement;
  /** `header` placement: the header's name. */
  readonly header?: string;
  /** `header` placement: the word before the value (`Bearer`); empty: the value alone. */
  readonly scheme?: string;
  /** `query` placement: the parameter's name; absent: any parameter whose value is the placeholder. */
  readonly param?: string;
}

/** A binding with its value, on its way to the proxy (over its stdin only). */
export interface BoundSecret extends SecretBinding {
  readonly value: string;
}

/** A binding as the proxy holds it: with the sandbox's placeholder for it. */
export interface SecretBindingWire extends BoundSecret {
  readonly placeholder: string;
}

/** Exactly how the value leaves for one host. */
export type SecretSlot =
  | { readonly placement: 'header'; readonly header: string; readonly scheme: string }
  | { readonly placement: 'query'; readonly param: string | undefined }
  | { readonly placement: 'basic' };

/**
 * How well-known services take a token, so a binding may name only its hosts.
 * git over HTTPS and PyPI uploads send Basic credentials; Anthropic's API reads
 * `x-api-key`; the rest a Bearer token.
 */
export const WELL_KNOWN_HOSTS: Readonly<Record<string, SecretSlot>> = {
  'registry.npmjs.org': { placement: 'header', header: 'Authorization', scheme: 'Bearer' },
  'npm.pkg.github.com': { placement: 'header', header: 'Authorization', scheme: 'Bearer' },
  'api.github.com': { placement: 'header', header: 'Authorization', scheme: 'Bearer' },
  'uploads.github.com': { placement: 'header', header: 'Authorization', scheme: 'Bearer' },
  'github.com': { placement: 'basic' },
  'gitlab.com': { placement: 'basic' },
  'bitbucket.org': { placement: 'basic' },
  'upload.pypi.org': { placement: 'basic' },
  'test.pypi.org': { placement: 'basic' },
  'api.openai.com': { placement: 'header', header: 'Authorization', scheme: 'Bearer' },
  'api.anthropic.com': { placement: 'header', header: 'x-api-key', scheme: '' },
  'huggingface.co': { placement: 'header', header: 'Authorization', scheme: 'Bearer' },
};

/** The form any other host gets. */
const DEFAULT_SLOT: SecretSlot = { placement: 'header', header: 'Authorization', scheme: 'Bearer' };

/** Hosts that commonly go with a variable name, for the message that shows the new form of an old grant. */
export const WELL_KNOWN_NAMES: Readonly<Record<string, readonly string[]>> = {
  NPM_TOKEN: ['registry.npmjs.org'],
  NODE_AUTH_TOKEN: ['registry.npmjs.org'],
  GH_TOKEN: ['github.com', 'api.github.com'],
  GITHUB_TOKEN: ['github.com', 'api.github.com'],
  GITLAB_TOKEN: ['gitlab.com'],
  OPENAI_API_KEY: ['api.openai.com'],
  ANTHROPIC_API_KEY: ['api.anthropic.com'],
  HF_TOKEN: ['huggingface.co'],
  TWINE_PASSWORD: ['upload.pypi.org'],
  PYPI_TOKEN: ['upload.pypi.org'],
};

/** How the value leaves for `host`: what the owner wrote, else the host's well-known form, else `Authorization: Bearer`. */
export function slotFor(binding: SecretBinding, host: string): SecretSlot {
  const known = WELL_KNOWN_HOSTS[host] ?? DEFAULT_SLOT;
  const placement = binding.placement ?? (binding.header !== undefined || binding.scheme !== undefined ? 'header' : known.placement);
  if (placement === 'basic') return { placement };
  if (placement === 'query') return { placement, param: binding.param };
  const knownHeader = known.placement === 'header' ? known : undefined;
  const header = binding.header ?? knownHeader?.header ?? 'Authorization';
  const scheme = binding.scheme ?? (knownHeader && knownHeader.header.toLowerCase() === header.toLowerCase() ? knownHeader.scheme : 'Bearer');
  return { placement, header, scheme };
}

/** Words of a slot, for messages: `the Authorization header (Bearer)`. */
export function describeSlot(slot: SecretSlot): string {
  switch (slot.placement) {
    case 'header':
      return `the ${slot.header} header${slot.scheme ? ` (${slot.scheme})` : ''}`;
    case 'query':
      return slot.param ? `the query parameter ${slot.param}` : 'a query parameter';
    case 'basic':
      return 'the password of Basic credentials';
  }
}

/** The binding's host patterns, parsed (entries were checked when the setting was read). */
export function bindingPatterns(binding: SecretBinding): DomainPattern[] {
  return binding.hosts.map((h) => parseDomainPattern(h)).filter((p): p is DomainPattern => !('error' in p));
}

/** True when requests to the canonical name `host` may carry the binding's value. */
export function bindingCovers(patterns: readonly DomainPattern[], host: string): boolean {
  return patterns.some((p) => matchesPattern(host, p));
}
