// What a change set remembers between scans, beside the shadow layer: for
// each changed path, the real file as it was when the sandbox's change was
// first seen (a later difference is the person's edit: a conflict), which
// folders are known to be opaque, and a comparison cache keyed on inode
// stats so an unchanged pair is never hashed twice.
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { EntryStat } from '../sandbox';

/** The real folder's entry at a path, as far as a conflict check needs it; null: absent. */
export type Fingerprint = { readonly type: 'file' | 'symlink' | 'dir' | 'other'; readonly size: number; readonly mtimeMs: number; readonly ctimeMs: number; readonly ino: number; readonly mode: number } | null;

/** One changed path's memory. */
export interface PathRecord {
  /** The real entry when the change was first seen. */
  readonly base: Fingerprint;
  /** Set when the real entry changed while the command that made the change ran. */
  readonly conflict?: boolean;
}

/** A cached comparison of a layer file with its real file. */
export interface CompareRecord {
  readonly layer: readonly [number, number, number];
  /** Empty when there was no real file. */
  readonly real: readonly number[];
  readonly same: boolean;
  readonly layerSha256: string;
  readonly realSha256: string | null;
  readonly binary: boolean;
}

/** The whole state file. */
export interface ChangeState {
  readonly v: 1;
  paths: Record<string, PathRecord>;
  /** Folder path → inode of the upper folder known to be opaque (or `-inode` known not to be). */
  opaque: Record<string, number>;
  compare: Record<string, CompareRecord>;
}

/** An empty state. */
export function emptyState(): ChangeState {
  return { v: 1, paths: {}, opaque: {}, compare: {} };
}

/** Reads the state file; a missing or unreadable one is an empty state (the next scan rebuilds what it can). */
export function loadState(file: string): ChangeState {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<ChangeState>;
    if (raw.v !== 1) return emptyState();
    return { v: 1, paths: raw.paths ?? {}, opaque: raw.opaque ?? {}, compare: raw.compare ?? {} };
  } catch {
    return emptyState();
  }
}

/** Writes the state file atomically (a temp file, then a rename), mode 0600. */
export function saveState(file: string, state: ChangeState): void {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
  renameSync(temp, file);
}

/** The cache key parts of a layer file's stat. */
export function layerKey(stat: EntryStat): readonly [number, number, number] {
  return [stat.size, stat.mtimeMs, stat.ino];
}

/** The cache key parts of a real file's fingerprint. */
export function realKey(fp: NonNullable<Fingerprint>): readonly [number, number, number, number] {
  return [fp.size, fp.mtimeMs, fp.ctimeMs, fp.ino];
}

/** Whether two fingerprints name the same, unchanged entry. */
export function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  if (a === null || b === null) return a === b;
  return a.type === b.type && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino && a.mode === b.mode;
}
