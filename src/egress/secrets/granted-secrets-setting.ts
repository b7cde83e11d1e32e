import { ConfigError } from '../../core/errors';
import { parseDomainPattern } from '../host/domain-pattern';
import { SECRET_PLACEMENTS, WELL_KNOWN_NAMES, type SecretBinding, type SecretPlacement } from './secret-binding';

/** The user setting that grants secrets to the sandbox. */
export const GRANTED_SECRETS_SETTING = 'clawdock.sandbox.grantedSecrets';
/** The user setting that lets bare names through as plain environment variables (the old, unsafe form). */
export const EXPOSE_SECRETS_SETTING = 'clawdock.sandbox.dangerouslyExposeSecretsToSandbox';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** Variables the sandbox or its egress sets itself, or that change how programs start: a secret must not replace them. */
const RESERVED = new Set([
  'PATH', 'HOME', 'USER', 'LANG', 'TERM', 'SHELL', 'PWD', 'ENV', 'BASH_ENV', 'IFS', 'PS4', 'LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT', 'PYTHONSTARTUP', 'NODE_OPTIONS',
  'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY',
  'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'GIT_SSL_CAINFO', 'NPM_CONFIG_CAFILE', 'PIP_CERT', 'CARGO_HTTP_CAINFO', 'AWS_CA_BUNDLE', 'DENO_CERT',
]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
/** Headers the proxy sets itself or that frame the request: a secret never goes there. */
const RESERVED_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'keep-alive', 'proxy-authorization', 'proxy-connection', 'cookie', 'set-cookie']);

/** Why `name` cannot be the variable of a secret granted to the sandbox, or undefined when it can. */
export function invalidSandboxSecretName(name: string): string | undefined {
  if (!ENV_NAME.test(name)) return 'Use an environment variable name: letters, digits and _, not starting with a digit.';
  if (RESERVED.has(name.toUpperCase()) || /^CLAWDOCK/i.test(name)) return `${name} is set by the sandbox itself or changes how programs start; pick another name.`;
  return undefined;
}

/** The user's grants, read. */
export interface GrantedSecrets {
  /** Secrets bound to hosts: the sandbox sees a placeholder. */
  readonly bound: readonly SecretBinding[];
  /** Bare names, the old form: exposed as plain environment variables only with `dangerouslyExposeSecretsToSandbox`. */
  readonly bare: readonly string[];
  /** Entries that could not be read, each with the reason. */
  readonly errors: readonly string[];
}

function readEntry(entry: unknown, i: number): SecretBinding | string {
  const where = `entry ${i + 1}`;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return `${where} is neither a name nor an object like { "name": "NPM_TOKEN", "hosts": ["registry.npmjs.org"] }`;
  const o = entry as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !['name', 'hosts', 'placement', 'header', 'scheme', 'param'].includes(k));
  if (unknown.length > 0) return `${where} has unknown field(s) ${unknown.join(', ')} (known: name, hosts, placement, header, scheme, param)`;
  if (typeof o.name !== 'string') return `${where} needs a "name" (the environment variable the sandbox sees its placeholder in)`;
  const name = o.name.trim();
  const badName = invalidSandboxSecretName(name);
  if (badName) return `${where} (${JSON.stringify(name)}): ${badName}`;
  if (!Array.isArray(o.hosts) || o.hosts.length === 0 || o.hosts.some((h) => typeof h !== 'string')) return `${name}: "hosts" must list the domains whose requests get the value, e.g. ["registry.npmjs.org"]`;
  const hosts: string[] = [];
  for (const h of o.hosts as string[]) {
    const p = parseDomainPattern(h);
    if ('error' in p) return `${name}: the host ${JSON.stringify(h)} is refused: ${p.error}`;
    if (!hosts.includes(p.text)) hosts.push(p.text);
  }
  if (o.placement !== undefined && !SECRET_PLACEMENTS.includes(o.placement as SecretPlacement)) return `${name}: "placement" must be one of ${SECRET_PLACEMENTS.join(', ')}`;
  const placement = o.placement as SecretPlacement | undefined;
  if (o.header !== undefined && (typeof o.header !== 'string' || !HEADER_NAME.test(o.header) || RESERVED_HEADERS.has(o.header.toLowerCase()))) {
    return `${name}: "header" must be a header name other than ${[...RESERVED_HEADERS].join(', ')}`;
  }
  if (o.scheme !== undefined && (typeof o.scheme !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]{0,32}$/.test(o.scheme))) return `${name}: "scheme" must be one word such as "Bearer" or "token" (or "" for the value alone)`;
  if (o.param !== undefined && (typeof o.param !== 'string' || !/^[A-Za-z0-9_.~-]{1,64}$/.test(o.param))) return `${name}: "param" must be a query parameter name`;
  if ((o.header !== undefined || o.scheme !== undefined) && placement !== undefined && placement !== 'header') return `${name}: "header" and "scheme" go with "placement": "header"`;
  if (o.param !== undefined && placement !== 'query') return `${name}: "param" goes with "placement": "query"`;
  return {
    name, hosts,
    ...(placement ? { placement } : {}),
    ...(typeof o.header === 'string' ? { header: o.header } : {}),
    ...(typeof o.scheme === 'string' ? { scheme: o.scheme } : {}),
    ...(typeof o.param === 'string' ? { param: o.param } : {}),
  };
}

/**
 * Reads `clawdock.sandbox.grantedSecrets` (user settings only): objects bind a
 * secret to hosts; a bare string is the old form. Never throws; what cannot be
 * read is in `errors` (see `assertGrantsUsable`).
 */
export function readGrantedSecrets(raw: unknown): GrantedSecrets {
  const bound: SecretBinding[] = [];
  const bare: string[] = [];
  const errors: string[] = [];
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  list.forEach((entry, i) => {
    if (typeof entry === 'string') {
      const name = entry.trim();
      if (name === '') return;
      const bad = invalidSandboxSecretName(name);
      if (bad) errors.push(`entry ${i + 1} (${JSON.stringify(name)}): ${bad}`);
      else if (!bare.includes(name)) bare.push(name);
      return;
    }
    const read = readEntry(entry, i);
    if (typeof read === 'string') errors.push(read);
    else if (bound.some((b) => b.name === read.name) || bare.includes(read.name)) errors.push(`${read.name} is granted twice; merge its hosts into one entry`);
    else bound.push(read);
  });
  for (const name of bare) if (bound.some((b) => b.name === name)) errors.push(`${name} is granted twice; merge its hosts into one entry`);
  return { bound, bare, errors };
}

/** What `security audit` looks at of the grants (names and hosts, never values): see SecurityAuditInput. */
export function secretFactsOf(granted: GrantedSecrets, exposeAllowed: boolean): { grantedSecrets: string[]; boundSecrets: { name: string; hosts: readonly string[] }[]; refusedSecrets: string[] } {
  return {
    grantedSecrets: exposeAllowed ? [...granted.bare] : [],
    boundSecrets: granted.bound.map((b) => ({ name: b.name, hosts: b.hosts })),
    refusedSecrets: exposeAllowed ? [] : [...granted.bare],
  };
}

/** The new form of an old grant, to show in messages. */
export function newFormOf(name: string): string {
  const hosts = WELL_KNOWN_NAMES[name.toUpperCase()] ?? ['<the host that needs it>'];
  return `{ "name": ${JSON.stringify(name)}, "hosts": ${JSON.stringify(hosts)} }`;
}

/**
 * Refuses grants that cannot be used: entries that cannot be read, and bare
 * names (which would put the value itself into every command's environment)
 * unless the owner set `dangerouslyExposeSecretsToSandbox` in user settings.
 * The message shows the new form.
 */
export function assertGrantsUsable(granted: GrantedSecrets, exposeAllowed: boolean): void {
  if (granted.errors.length > 0) {
    throw new ConfigError(GRANTED_SECRETS_SETTING, granted.errors.join('; '), 'each entry is { "name": "NPM_TOKEN", "hosts": ["registry.npmjs.org"] }, with "header", "scheme", "placement" ("header", "query" or "basic") and "param" when a service needs them');
  }
  if (granted.bare.length > 0 && !exposeAllowed) {
    const names = granted.bare.join(', ');
    throw new ConfigError(
      GRANTED_SECRETS_SETTING,
      `${names} ${granted.bare.length === 1 ? 'is' : 'are'} granted by name alone, which would put the value itself into every command's environment, where any command can print, re-encode or send it; refused`,
      `bind each to the hosts that need it, e.g. ${granted.bare.map(newFormOf).join(', ')}: the sandbox then sees a placeholder and the egress proxy puts the value into requests to those hosts only (with \`clawdock.sandbox.network\`: "allowlist"). To keep the old form anyway, set \`${EXPOSE_SECRETS_SETTING}\` to true in your user settings.`,
    );
  }
}
