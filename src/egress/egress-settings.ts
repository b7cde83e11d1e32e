import type { ConfigSource } from '../core/config/config-source';
import { readBoolean, readStringList } from '../core/config/config-source';
import type { SettingSpec } from '../core/config/setting-spec';
import { ConfigError } from '../core/errors';
import type { HostRules } from './host/decide-host';
import { parseDomainPattern, patternCovers, type DomainPattern } from './host/domain-pattern';
import { DOMAIN_PRESETS, isPresetName, PRESET_NAMES } from './host/presets';

/**
 * The egress settings (issue 14). Not yet contributed: the sandbox owner merges
 * these into the sandbox table once `clawdock.sandbox.network: "allowlist"` is wired.
 */
export const EGRESS_SETTINGS: SettingSpec[] = [
  { key: 'sandbox.allowedDomains', type: 'array', items: 'string', default: [], restart: false, restricted: true, description: 'Domains the sandbox may reach when `sandbox.network` is `allowlist`: `registry.npmjs.org` (that name only) or `*.example.com` (its subdomains only, not `example.com` itself). Names only: IP addresses are always refused, and so is any name that resolves to a loopback, private, link-local or metadata address. A workspace may only narrow the user\'s list.' },
  { key: 'sandbox.deniedDomains', type: 'array', items: 'string', default: [], restart: false, restricted: true, description: 'Domains always refused, even when `allowedDomains` or a preset matches them (same forms as `allowedDomains`). A workspace may add to this list.' },
  { key: 'sandbox.allowedDomainPresets', type: 'array', items: 'string', default: [], restart: false, restricted: true, description: `Named groups of domains added to \`allowedDomains\`: ${PRESET_NAMES.map((n) => `\`${n}\``).join(', ')}. A workspace may only name presets the user's settings allow too.` },
  { key: 'sandbox.egressAsk', type: 'boolean', default: false, restart: false, restricted: true, description: 'Ask the owner about a domain on neither list instead of refusing it: allow once, for the session, or always. Unanswered questions expire and count as refused. A workspace may turn this off, not on.' },
];

/** The egress lists, merged from the layers, presets expanded, ready for the proxy. */
export interface EgressSettings {
  readonly rules: HostRules;
  /** Workspace entries that were ignored and why, for the log and `security audit`. */
  readonly notices: readonly string[];
}

/** The layers egress settings are read from. */
export interface EgressSettingLayers {
  /** The user's settings (VS Code's `inspect().globalValue`, or the CLI's settings file). */
  readonly user: ConfigSource;
  /** The workspace's own settings, which may only narrow the user's. */
  readonly workspace?: ConfigSource;
  /** An untrusted workspace's settings are ignored entirely. */
  readonly workspaceTrusted: boolean;
  /** `--allow-domain` flags of the CLI: the person typing them is the user, so they count as user entries. */
  readonly allowDomains?: readonly string[];
}

function patterns(source: ConfigSource, key: string, extra: readonly string[] = []): DomainPattern[] {
  return [...readStringList(source, key), ...extra].map((entry) => {
    const p = parseDomainPattern(entry);
    if ('error' in p) throw new ConfigError(`clawdock.${key}`, `the entry ${JSON.stringify(entry)} is refused: ${p.error}`);
    return p;
  });
}

function presetPatterns(source: ConfigSource): DomainPattern[] {
  return readStringList(source, 'sandbox.allowedDomainPresets').flatMap((name) => {
    if (!isPresetName(name)) throw new ConfigError('clawdock.sandbox.allowedDomainPresets', `there is no preset ${JSON.stringify(name)}`, `use one of ${PRESET_NAMES.join(', ')}`);
    return DOMAIN_PRESETS[name].map((d) => parseDomainPattern(d) as DomainPattern);
  });
}

function unique(list: readonly DomainPattern[]): DomainPattern[] {
  const seen = new Set<string>();
  return list.filter((p) => !seen.has(p.text) && seen.add(p.text));
}

/**
 * Reads and merges the egress settings: the user's allowed entries and presets,
 * narrowed by the workspace's (a workspace entry counts only where a user entry
 * covers it; when the workspace names none, the user's list stands); denied
 * entries from both layers; asking only when the user turned it on and the
 * workspace did not turn it off. A malformed entry in either layer is a
 * ConfigError naming the setting, never silently dropped.
 */
export function readEgressSettings(layers: EgressSettingLayers): EgressSettings {
  const notices: string[] = [];
  const userAllowed = unique([...patterns(layers.user, 'sandbox.allowedDomains', layers.allowDomains), ...presetPatterns(layers.user)]);
  const userDenied = patterns(layers.user, 'sandbox.deniedDomains');
  const userAsk = readBoolean(layers.user, 'sandbox.egressAsk', false);
  if (!layers.workspace) return { rules: { allowed: userAllowed, denied: userDenied, ask: userAsk }, notices };
  if (!layers.workspaceTrusted) {
    notices.push('workspace egress settings are ignored: the workspace is not trusted');
    return { rules: { allowed: userAllowed, denied: userDenied, ask: userAsk }, notices };
  }

  const ws = layers.workspace;
  const wsSetsAllowed = ws.get<unknown>('sandbox.allowedDomains') !== undefined || ws.get<unknown>('sandbox.allowedDomainPresets') !== undefined;
  let allowed = userAllowed;
  if (wsSetsAllowed) {
    allowed = [];
    for (const p of unique([...patterns(ws, 'sandbox.allowedDomains'), ...presetPatterns(ws)])) {
      if (userAllowed.some((u) => patternCovers(u, p))) allowed.push(p);
      else notices.push(`workspace allowed domain "${p.text}" is ignored: a workspace may only narrow the user's \`clawdock.sandbox.allowedDomains\``);
    }
  }
  const denied = unique([...userDenied, ...patterns(ws, 'sandbox.deniedDomains')]);
  const wsAsk = ws.get<unknown>('sandbox.egressAsk');
  if (wsAsk === true && !userAsk) notices.push('workspace `clawdock.sandbox.egressAsk` is ignored: only user settings may turn asking on');
  const ask = userAsk && wsAsk !== false;
  return { rules: { allowed, denied, ask }, notices };
}
