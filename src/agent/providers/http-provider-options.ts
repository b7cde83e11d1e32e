// Settings every HTTP provider takes, as one plain object (the extension and the
// CLI fill it from their own settings; tests pass literals).
import { ConfigError } from '../../core/errors/config-error';
import type { Logger } from '../../core/logger';
import type { TokenCost } from './model-provider';
import type { RetryOptions } from './retry-policy';
import { displayUrl } from './secret-scrub';
import type { TimeoutOptions } from './sse-request';

/** A key, or a function that reads it when a call starts (so a key stored by "Set API Key…" applies at once). */
export type ApiKeySource = string | (() => string | undefined | Promise<string | undefined>);

/** Options shared by the Anthropic and OpenAI-compatible providers. */
export interface HttpProviderOptions {
  readonly model: string;
  /** API root; see each provider for its default. */
  readonly baseUrl?: string;
  readonly apiKey?: ApiKeySource;
  /** Output limit per call unless the request says otherwise. */
  readonly maxTokens?: number;
  readonly retry?: Partial<RetryOptions>;
  readonly timeouts?: Partial<TimeoutOptions>;
  /** Receives retry notices; never sees the key. */
  readonly logger?: Logger;
  /** Overrides the built-in table (or fills it in for models it does not know). */
  readonly contextWindow?: number;
  readonly cost?: TokenCost;
  /** Jitter source; tests pin it. */
  readonly random?: () => number;
}

/** The key as of now; empty strings count as missing. */
export async function resolveApiKey(source: ApiKeySource | undefined): Promise<string | undefined> {
  const key = typeof source === 'function' ? await source() : source;
  const trimmed = key?.trim();
  return trimmed ? trimmed : undefined;
}

/** The base URL to use: the setting when given, else `fallback`; refuses anything but http(s) before a request is tried. */
export function readBaseUrl(value: string | undefined, fallback: string): string {
  const url = value?.trim() || fallback;
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    const shown = protocol === undefined ? 'the value given' : JSON.stringify(displayUrl(url));
    throw new ConfigError('baseUrl', `${shown} is not an http(s) URL`, 'include the scheme, e.g. http://localhost:11434/v1');
  }
  return url;
}

/** `base` without trailing slashes, joined to `path`. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}
