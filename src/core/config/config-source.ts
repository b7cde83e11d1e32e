/**
 * Where settings come from: VS Code's configuration in the extension, a JSON
 * file or flags in the CLI, a plain object in tests. Keys are relative to the
 * `clawdock.` section, e.g. `sandbox.image`.
 */
export interface ConfigSource {
  get<T>(key: string): T | undefined;
}

/** A ConfigSource over a plain object of dotted keys (`{ 'sandbox.image': 'x' }`). */
export function configFromObject(values: Record<string, unknown>): ConfigSource {
  return { get: <T>(key: string) => values[key] as T | undefined };
}

/** Reads a number setting, falling back to the default and clamping into [min, max]. */
export function readNumber(source: ConfigSource, key: string, fallback: number, min: number, max: number): number {
  const raw = source.get<unknown>(key);
  const n = typeof raw === 'number' && Number.isFinite(raw) ? raw : fallback;
  return Math.min(max, Math.max(min, n));
}

/** Reads a boolean setting; anything but `true`/`false` is the default. */
export function readBoolean(source: ConfigSource, key: string, fallback: boolean): boolean {
  const raw = source.get<unknown>(key);
  return typeof raw === 'boolean' ? raw : fallback;
}

/** Reads a string setting; empty or non-string is the default. */
export function readString(source: ConfigSource, key: string, fallback: string): string {
  const raw = source.get<unknown>(key);
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : fallback;
}

/** Reads one of a closed set of strings; anything else is the default. */
export function readEnum<T extends string>(source: ConfigSource, key: string, allowed: readonly T[], fallback: T): T {
  const raw = source.get<unknown>(key);
  return typeof raw === 'string' && (allowed as readonly string[]).includes(raw) ? (raw as T) : fallback;
}

/** Reads a list of non-empty strings; anything else is the default. */
export function readStringList(source: ConfigSource, key: string, fallback: readonly string[] = []): string[] {
  const raw = source.get<unknown>(key);
  if (!Array.isArray(raw)) return [...fallback];
  return raw.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
}
