// Builds a change set: walks the shadow layer's upper folder (what the
// sandbox changed, nothing else), compares each entry with the real folder,
// and marks what is held (host-executed), kept (ignored) or in conflict.
// Cost grows with the change, not with the workspace.
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, readSync } from 'node:fs';
import { posix, join } from 'node:path';
import type { PathGlobs } from '../policy';
import { protectedPathRisk } from '../policy';
import { scanUpper, type UpperEntry } from '../sandbox';
import type { ChangeEntry, ChangeSet, EntryType } from './change-entry';
import type { ChangeState, Fingerprint } from './change-state';
import { layerKey, realKey, sameFingerprint } from './change-state';
import type { KeepRules } from './keep-rules';

/** Asks the sandbox which workspace paths exist in its view (null: absent there). */
export type LayerProbe = (paths: readonly string[]) => Promise<readonly (object | null)[]>;

/**
 * The sandbox's side of a comparison: what it changed, in the overlay's
 * terms, and the content hash of a changed file. The overlay's upper folder
 * read on the host, or the copy fallback's volume read through the container.
 */
export interface LayerView {
  entries(): Promise<{ entries: UpperEntry[]; truncated: boolean }>;
  /** sha256 and binary sniff of changed files, in order; null where it is not (or no longer) the file the scan saw. */
  hash(files: readonly Extract<UpperEntry, { kind: 'file' }>[]): Promise<({ sha256: string; binary: boolean } | null)[]>;
  /** Whether a folder that exists in the real folder may hide its entries (overlay: opaque folders; a copy lists deletions itself). */
  readonly hidesByOpacity: boolean;
}

/** The overlay's upper folder, read on the host without following links (and only the inodes the walk saw). */
export function upperLayerView(upper: string): LayerView {
  return {
    entries: () => scanUpper(upper),
    hash: async (files) => {
      const dev = lstatSync(upper).dev;
      return files.map((e) => hashHostFile(join(upper, e.path), e.stat.ino, dev));
    },
    hidesByOpacity: true,
  };
}

/** What a scan needs. */
export interface ComputeInput {
  readonly layer: LayerView;
  readonly realRoot: string;
  readonly protectedPaths: PathGlobs;
  readonly keep: KeepRules;
  readonly probe: LayerProbe;
  readonly state: ChangeState;
  /** Earliest start of the commands since the last scan: a real file changed after it was changed under a running command. */
  readonly sinceMs?: number;
}

// Coarse filesystem clocks stamp a change up to a few ms before "now": err on the side of a conflict.
const CLOCK_SLACK_MS = 10;
// A deleted folder is one entry; counting its files stops here.
const MAX_COUNTED_FILES = 100_000;
const BINARY_SNIFF = 8000;

/** Computes the change set and updates `state` in place (the caller saves it). */
export async function computeChanges(input: ComputeInput): Promise<ChangeSet> {
  const { entries: upper, truncated } = await input.layer.entries();
  // Hash every changed file whose comparison is not cached, in one call (one round trip for a copy).
  const hashes = await hashUncached(input, upper);
  const out: ChangeEntry[] = [];
  const seen = new Set<string>();
  const add = (entry: Omit<ChangeEntry, 'held' | 'kept' | 'conflict' | 'risk'> & { heldBecause?: string }) => {
    const { heldBecause, ...rest } = entry;
    const hit = input.protectedPaths.match(entry.path);
    const risk = hit ? protectedPathRisk(hit) : heldBecause;
    seen.add(entry.path);
    out.push({ ...rest, held: risk !== undefined, ...(risk !== undefined ? { risk } : {}), kept: input.keep.isKept(entry.path, entry.type === 'dir'), conflict: conflictOf(input, entry.path) });
  };
  const opaqueCandidates: { path: string; ino: number; missing: string[] }[] = [];

  for (const e of upper) {
    const real = fingerprint(join(input.realRoot, e.path));
    switch (e.kind) {
      case 'file': {
        if (real === null) {
          const cmp = compareFile(input, e, real, hashes);
          add({ path: e.path, kind: 'added', type: 'file', size: e.stat.size, layerSha256: cmp.layerSha256, realSha256: null, binary: cmp.binary, mode: { layer: e.stat.mode, real: null } });
        } else if (real.type !== 'file') {
          add({ ...deletedOf(input.realRoot, e.path, real), path: e.path, kind: 'type', type: 'file', size: e.stat.size });
        } else {
          const cmp = compareFile(input, e, real, hashes);
          const modeDiffers = (e.stat.mode & 0o777) !== (real.mode & 0o777);
          if (cmp.same && !modeDiffers) continue;
          add({
            path: e.path, kind: cmp.same ? 'mode' : 'modified', type: 'file', size: e.stat.size, layerSha256: cmp.layerSha256, realSha256: cmp.realSha256, binary: cmp.binary,
            ...(modeDiffers ? { mode: { layer: e.stat.mode & 0o777, real: real.mode & 0o777 } } : {}),
          });
        }
        break;
      }
      case 'symlink': {
        const realTarget = real?.type === 'symlink' ? readlinkQuiet(join(input.realRoot, e.path)) : undefined;
        if (realTarget === e.target) continue;
        const escapes = linkEscapes(e.path, e.target);
        add({
          path: e.path, kind: real === null ? 'added' : real.type === 'symlink' ? 'modified' : 'type', type: 'symlink', linkTarget: e.target,
          ...(escapes ? { heldBecause: `a link that leads out of the workspace (to ${e.target}): host tools that follow it read or write outside your folder` } : {}),
        });
        break;
      }
      case 'whiteout': {
        if (real === null) continue;
        add({ ...deletedOf(input.realRoot, e.path, real), path: e.path, kind: 'deleted' });
        break;
      }
      case 'dir': {
        if (real === null) {
          if (e.names.length === 0) add({ path: e.path, kind: 'added', type: 'dir' });
          continue;
        }
        if (real.type !== 'dir') {
          add({ ...deletedOf(input.realRoot, e.path, real), path: e.path, kind: 'type', type: 'dir' });
          continue;
        }
        if (!input.layer.hidesByOpacity) continue;
        const present = new Set(e.names);
        const missing = readdirQuiet(join(input.realRoot, e.path)).filter((n) => !present.has(n));
        if (missing.length > 0) opaqueCandidates.push({ path: e.path, ino: e.stat.ino, missing });
        break;
      }
      case 'special':
        add({ path: e.path, kind: 'special', type: 'other', heldBecause: `${e.what} made in the sandbox; Clawdock never copies one into your folder` });
        break;
    }
  }

  // A folder that exists in the real folder and in the layer hides the real
  // entries the layer lacks only when it is opaque (removed and made again in
  // the sandbox). Only the sandbox's view can say: one probe per folder.
  let incomplete: string | undefined;
  const unknown = opaqueCandidates.filter((c) => input.state.opaque[c.path] === undefined || Math.abs(input.state.opaque[c.path] as number) !== c.ino);
  if (unknown.length > 0) {
    try {
      const answers = await input.probe(unknown.map((c) => `/workspace/${c.path}/${c.missing[0] as string}`));
      unknown.forEach((c, i) => (input.state.opaque[c.path] = answers[i] === null ? c.ino : -c.ino));
    } catch (error) {
      incomplete = `could not look inside the sandbox to finish comparing ${unknown.length} folder(s): ${(error as Error).message}`;
    }
  }
  for (const c of opaqueCandidates) {
    if ((input.state.opaque[c.path] ?? 0) !== c.ino) continue;
    for (const name of c.missing) {
      const path = `${c.path}/${name}`;
      const real = fingerprint(join(input.realRoot, path));
      if (real !== null) add({ ...deletedOf(input.realRoot, path, real), path, kind: 'deleted' });
    }
  }
  // Forget what is no longer part of the set (accepted, rejected, or undone by the sandbox itself).
  for (const path of Object.keys(input.state.paths)) if (!seen.has(path)) delete input.state.paths[path];
  const inUpper = new Set(upper.map((e) => e.path));
  for (const path of Object.keys(input.state.compare)) if (!inUpper.has(path)) delete input.state.compare[path];
  for (const path of Object.keys(input.state.opaque)) if (!opaqueCandidates.some((c) => c.path === path)) delete input.state.opaque[path];
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { entries: out, truncated, ...(incomplete ? { incomplete } : {}) };
}

/** The real entry at a host path, without following a final link; null when absent. */
export function fingerprint(path: string): Fingerprint {
  try {
    const st = lstatSync(path);
    const type: EntryType = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : 'other';
    return { type, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, mode: st.mode & 0o7777 };
  } catch {
    return null;
  }
}

// First sight of a path records the real entry as its base; a real entry that
// differs from its base later, or changed while the command ran, is a conflict.
function conflictOf(input: ComputeInput, path: string): boolean {
  const now = fingerprint(join(input.realRoot, path));
  const record = input.state.paths[path];
  if (record) return record.conflict === true || !sameFingerprint(record.base, now);
  const during = now !== null && input.sinceMs !== undefined && now.ctimeMs >= input.sinceMs - CLOCK_SLACK_MS;
  input.state.paths[path] = { base: now, ...(during ? { conflict: true } : {}) };
  return during;
}

function deletedOf(realRoot: string, path: string, real: NonNullable<Fingerprint>): Pick<ChangeEntry, 'type' | 'files' | 'realSha256' | 'linkTarget'> {
  if (real.type === 'dir') return { type: 'dir', files: countFiles(join(realRoot, path)) };
  if (real.type === 'symlink') return { type: 'symlink', linkTarget: readlinkQuiet(join(realRoot, path)) ?? '' };
  if (real.type === 'file') return { type: 'file', realSha256: hashHostFile(join(realRoot, path), real.ino, lstatSync(join(realRoot, path)).dev)?.sha256 ?? null };
  return { type: 'other' };
}

interface Comparison {
  readonly same: boolean;
  readonly layerSha256: string;
  readonly realSha256: string | null;
  readonly binary: boolean;
}

function cachedComparison(input: ComputeInput, e: Extract<UpperEntry, { kind: 'file' }>, real: Fingerprint): Comparison | undefined {
  const cached = input.state.compare[e.path];
  const rk = real === null ? null : realKey(real);
  if (cached && sameTuple(cached.layer, layerKey(e.stat)) && (rk === null ? cached.realSha256 === null : cached.real.length > 0 && sameTuple(cached.real, rk))) {
    return { same: cached.same, layerSha256: cached.layerSha256, realSha256: cached.realSha256, binary: cached.binary };
  }
  return undefined;
}

async function hashUncached(input: ComputeInput, upper: readonly UpperEntry[]): Promise<Map<string, { sha256: string; binary: boolean } | null>> {
  const files = upper.filter((e): e is Extract<UpperEntry, { kind: 'file' }> => e.kind === 'file' && cachedComparison(input, e, fingerprint(join(input.realRoot, e.path))) === undefined);
  const out = new Map<string, { sha256: string; binary: boolean } | null>();
  if (files.length === 0) return out;
  const hashes = await input.layer.hash(files);
  files.forEach((f, i) => out.set(f.path, hashes[i] ?? null));
  return out;
}

function compareFile(input: ComputeInput, e: Extract<UpperEntry, { kind: 'file' }>, real: Fingerprint, hashes: ReadonlyMap<string, { sha256: string; binary: boolean } | null>): Comparison {
  const cached = cachedComparison(input, e, real);
  if (cached) return cached;
  const layer = hashes.get(e.path) ?? null;
  // Not the inode the walk saw (the sandbox is changing it right now): different, and not cached.
  if (!layer) return { same: false, layerSha256: '', realSha256: null, binary: false };
  const realSha = real !== null && real.type === 'file' ? (hashHostFile(join(input.realRoot, e.path), real.ino)?.sha256 ?? null) : null;
  const result: Comparison = { same: realSha === layer.sha256, layerSha256: layer.sha256, realSha256: realSha, binary: layer.binary };
  const rk = real === null ? null : realKey(real);
  input.state.compare[e.path] = { layer: layerKey(e.stat), real: rk ?? [], same: result.same, layerSha256: result.layerSha256, realSha256: result.realSha256, binary: result.binary };
  return result;
}

function sameTuple(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Reads a host file without following a link at its name (null when it is not a regular file). */
export function readHostFile(path: string, maxBytes = 64 * 1024 * 1024): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > maxBytes) return null;
    const buf = Buffer.alloc(st.size);
    let read = 0;
    while (read < st.size) {
      const n = readSync(fd, buf, read, st.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buf.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * Hashes a host file without following a link at its name, and only when it
 * is still the inode the walk saw (a folder above it swapped for a link by
 * the sandbox would lead elsewhere: then it is not read at all).
 */
export function hashHostFile(path: string, ino?: number, dev?: number): { sha256: string; binary: boolean } | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || (ino !== undefined && st.ino !== ino) || (dev !== undefined && st.dev !== dev)) return null;
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(1024 * 1024);
    let binary = false;
    let position = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, position);
      if (n === 0) break;
      if (position < BINARY_SNIFF && buf.subarray(0, Math.min(n, BINARY_SNIFF - position)).includes(0)) binary = true;
      hash.update(buf.subarray(0, n));
      position += n;
    }
    return { sha256: hash.digest('hex'), binary };
  } finally {
    closeSync(fd);
  }
}

function readlinkQuiet(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

function readdirQuiet(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function countFiles(dir: string): number {
  let count = 0;
  const stack = [dir];
  while (stack.length > 0 && count < MAX_COUNTED_FILES) {
    const d = stack.pop() as string;
    for (const entry of safeEntries(d)) {
      if (entry.isDirectory()) stack.push(join(d, entry.name));
      else count++;
    }
  }
  return count;
}

function safeEntries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Whether a link, followed from where it sits, leaves the workspace (absolute targets always do). */
export function linkEscapes(path: string, target: string): boolean {
  if (target.startsWith('/')) return true;
  const resolved = posix.normalize(posix.join(posix.dirname(path), target));
  return resolved === '..' || resolved.startsWith('../');
}
