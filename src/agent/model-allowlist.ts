// `clawdock.models.allowed` (issue 15): which models a workspace may send its
// code to. Each layer (user settings, workspace settings, a folder's) is a list
// of `{ provider, model, baseUrl }` globs, a missing field matching anything; an
// empty list allows all. A target must be allowed by every layer that has a
// list, so a workspace can only narrow what the user allows. The agent session
// checks its provider here before every model request (agent-session.ts): the
// CLI, the editor and the gateway's headless agent all go through that one place.
import { ConfigError } from '../core/errors';
import type { AgentAudit } from './agent-services';
import type { Caller } from '../core/caller';
import { ModelNotAllowedError } from './model-not-allowed-error';
import type { ProviderInfo } from './providers';
import { displayUrl } from './providers/secret-scrub';

/** The setting's key, relative to `clawdock.`. */
export const MODELS_ALLOWED_KEY = 'models.allowed';

/** One allowed pattern; every field is a glob, a missing one matches anything. */
export interface ModelAllowEntry {
  readonly provider?: string;
  readonly model?: string;
  readonly baseUrl?: string;
}

/** One settings layer's list, and where it was set (for the refusal message). */
export interface ModelAllowLayer {
  /** "user settings", "workspace settings", "/repo/.vscode/settings.json" … */
  readonly where: string;
  readonly entries: readonly ModelAllowEntry[];
}

/** Every layer's list; empty (or only empty lists) allows every model. */
export type ModelAllowlist = readonly ModelAllowLayer[];

/** Allows every model: for tests and benchmarks that have no settings. */
export const ALL_MODELS: ModelAllowlist = [];

/** What a request would go to. */
export interface ModelTarget {
  readonly provider: string;
  readonly model: string;
  /** The API root; undefined for providers that have none (VS Code's language models), which an entry naming a `baseUrl` never matches. */
  readonly baseUrl?: string;
}

const FIELDS = ['provider', 'model', 'baseUrl'] as const;

/** Reads one layer's raw value; undefined or null is "not set" (no list). Anything malformed is an error naming the setting: a narrowing that cannot be read must not be ignored. */
export function readModelAllowLayer(raw: unknown, where: string): ModelAllowLayer | undefined {
  if (raw === undefined || raw === null) return undefined;
  const bad = (detail: string) => new ConfigError(`clawdock.${MODELS_ALLOWED_KEY}`, `${where}: ${detail}`, 'write a list like [{ "provider": "openai", "baseUrl": "http://127.0.0.1:*/**" }]');
  if (!Array.isArray(raw)) throw bad('must be a list of { "provider", "model", "baseUrl" } entries');
  const entries = raw.map((item: unknown, i): ModelAllowEntry => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw bad(`entry ${i + 1} is not an object`);
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(item)) {
      if (!(FIELDS as readonly string[]).includes(key)) throw bad(`entry ${i + 1} has an unknown field ${JSON.stringify(key)} (fields: provider, model, baseUrl)`);
      if (typeof value !== 'string' || value.trim() === '' || value.length > 1000) throw bad(`entry ${i + 1}: ${key} must be a non-empty glob`);
      out[key] = value.trim();
    }
    return out;
  });
  return { where, entries };
}

/** The target of a provider, as its info says. */
export function targetOf(info: ProviderInfo): ModelTarget {
  return { provider: info.id, model: info.model, ...(info.baseUrl !== undefined ? { baseUrl: info.baseUrl } : {}) };
}

/** Why the target is not allowed (naming the layer and the setting), or undefined when every layer allows it. */
export function modelRefusal(target: ModelTarget, allowlist: ModelAllowlist): string | undefined {
  for (const layer of allowlist) {
    if (layer.entries.length === 0) continue;
    if (layer.entries.some((e) => entryMatches(e, target))) continue;
    const shown = layer.entries.slice(0, 5).map(describeEntry).join(', ') + (layer.entries.length > 5 ? ` and ${layer.entries.length - 5} more` : '');
    return `${describeTarget(target)} is not in the models ${layer.where} allow (${shown})`;
  }
  return undefined;
}

/** Whether some model of `provider` could be allowed (the picker's first step; model and base URL are checked once chosen). */
export function providerAllowed(provider: string, hasBaseUrl: boolean, allowlist: ModelAllowlist): boolean {
  return allowlist.every((layer) => layer.entries.length === 0 || layer.entries.some((e) => (e.provider === undefined || glob(e.provider, false).test(provider)) && (e.baseUrl === undefined || hasBaseUrl)));
}

/** Refuses, audited, a provider the allowlist does not allow: call before any request is sent. */
export async function checkModelAllowed(info: ProviderInfo, allowlist: ModelAllowlist, audit: AgentAudit, context: { readonly sessionId?: string; readonly caller?: Caller } = {}): Promise<void> {
  const target = targetOf(info);
  const reason = modelRefusal(target, allowlist);
  if (reason === undefined) return;
  await audit.append({
    type: 'model-refused', provider: target.provider.slice(0, 1000), model: target.model.slice(0, 1000),
    ...(target.baseUrl !== undefined ? { baseUrl: displayUrl(target.baseUrl).slice(0, 1000) } : {}),
    setting: MODELS_ALLOWED_KEY, reason: reason.slice(0, 1000),
    ...(context.sessionId ? { sessionId: context.sessionId } : {}), ...(context.caller ? { caller: { ...context.caller } } : {}),
  });
  throw new ModelNotAllowedError(reason);
}

function entryMatches(entry: ModelAllowEntry, target: ModelTarget): boolean {
  if (entry.provider !== undefined && !glob(entry.provider, false).test(target.provider)) return false;
  if (entry.model !== undefined && !glob(entry.model, false).test(target.model)) return false;
  if (entry.baseUrl !== undefined) {
    const url = target.baseUrl === undefined ? undefined : normalizeBaseUrl(target.baseUrl);
    if (url === undefined || !glob(entry.baseUrl, true).test(url)) return false;
  }
  return true;
}

/**
 * The form a `baseUrl` glob is matched against: scheme, host (lower case, as
 * the URL parser writes it) and port, then the path without trailing slashes;
 * never user, password, query or fragment — so `http://127.0.0.1:80@evil.example`
 * is `http://evil.example`, and cannot pass for loopback.
 */
export function normalizeBaseUrl(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

/**
 * A glob as a whole-string pattern: `?` one character, `*` any run of
 * characters — in a `baseUrl` not past a `/` (so `http://localhost:*` cannot
 * reach another host's path), where `**` crosses them.
 */
function glob(pattern: string, url: boolean): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*' && pattern[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (c === '*') {
      out += url ? '[^/]*' : '.*';
    } else if (c === '?') {
      out += url ? '[^/]' : '.';
    } else {
      out += c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
    }
  }
  // A pattern ending in `/**` also matches the root without a path (`http://h:1/**` matches `http://h:1`).
  return new RegExp(`^${out.replace(/\\\/\.\*$/, '(?:/.*)?')}$`);
}

function describeEntry(e: ModelAllowEntry): string {
  const parts = FIELDS.filter((f) => e[f] !== undefined).map((f) => `${f} ${e[f] as string}`);
  return parts.length === 0 ? 'any model' : parts.join(' ');
}

function describeTarget(t: ModelTarget): string {
  return `${t.provider} model ${JSON.stringify(t.model)}${t.baseUrl !== undefined ? ` at ${displayUrl(t.baseUrl)}` : ''}`;
}
