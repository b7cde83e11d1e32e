// Reads the overlay's upper layer from the host: what the sandbox changed,
// as overlayfs records it. Never follows a link (a link in the upper layer is
// a change to show, not a way in), and costs what the change costs, not what
// the workspace holds: only the upper layer is walked.
import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/** One entry of the upper layer, workspace-relative. */
export type UpperEntry =
  | { readonly kind: 'file'; readonly path: string; readonly stat: EntryStat }
  | { readonly kind: 'symlink'; readonly path: string; readonly target: string; readonly stat: EntryStat }
  /** A deletion: overlayfs's 0/0 character device. */
  | { readonly kind: 'whiteout'; readonly path: string }
  | { readonly kind: 'dir'; readonly path: string; readonly stat: EntryStat; readonly names: readonly string[] }
  /** A FIFO, socket or device the sandbox made: listed, never applied. */
  | { readonly kind: 'special'; readonly path: string; readonly what: string; readonly stat: EntryStat };

/** What a change-set comparison needs of an entry's inode. */
export interface EntryStat {
  readonly size: number;
  /** Permission bits. */
  readonly mode: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

/** Bounds so a hostile layer (millions of files, deep nesting) cannot stall the host. */
export interface ScanLimits {
  readonly maxEntries: number;
  readonly maxDepth: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = { maxEntries: 200_000, maxDepth: 256 };

/** The upper layer's entries, folders before their contents; `truncated` when a limit cut it short. */
export async function scanUpper(upper: string, limits: ScanLimits = DEFAULT_SCAN_LIMITS): Promise<{ entries: UpperEntry[]; truncated: boolean }> {
  const entries: UpperEntry[] = [];
  let truncated = false;
  const stack: { rel: string; depth: number }[] = [{ rel: '', depth: 0 }];
  while (stack.length > 0) {
    const { rel, depth } = stack.pop() as { rel: string; depth: number };
    let dirents: Dirent[];
    try {
      dirents = await readdir(rel === '' ? upper : join(upper, rel), { withFileTypes: true });
    } catch (error) {
      // A folder the sandbox removed while we walked is simply gone.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    if (rel !== '') {
      const st = await lstat(join(upper, rel)).catch(() => null);
      if (st?.isDirectory()) entries.push({ kind: 'dir', path: rel, stat: entryStat(st), names: dirents.map((d) => d.name) });
    }
    for (const d of dirents.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0))) {
      if (entries.length >= limits.maxEntries) {
        truncated = true;
        return { entries, truncated };
      }
      const path = rel === '' ? d.name : `${rel}/${d.name}`;
      const full = join(upper, path);
      const st = await lstat(full).catch(() => null);
      if (!st) continue;
      if (st.isDirectory()) {
        if (depth + 1 > limits.maxDepth) {
          truncated = true;
          continue;
        }
        stack.push({ rel: path, depth: depth + 1 });
      } else if (st.isCharacterDevice() && st.rdev === 0) {
        entries.push({ kind: 'whiteout', path });
      } else if (st.isFile()) {
        entries.push({ kind: 'file', path, stat: entryStat(st) });
      } else if (st.isSymbolicLink()) {
        entries.push({ kind: 'symlink', path, target: await readlink(full), stat: entryStat(st) });
      } else {
        entries.push({ kind: 'special', path, what: st.isFIFO() ? 'a named pipe' : st.isSocket() ? 'a socket' : 'a device', stat: entryStat(st) });
      }
    }
  }
  return { entries, truncated };
}

/** The parts of a stat a comparison cache keys on. */
export function entryStat(st: Stats): EntryStat {
  return { size: st.size, mode: st.mode & 0o7777, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
}
