// Walking the workspace's directories through held handles, for listing and
// search: depth first, sorted by name, never following a symlink.
import type { Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import type { HeldDir, WorkspaceGuard } from './workspace-guard';

/** What a directory entry is, without following symlinks. */
export type EntryType = 'file' | 'dir' | 'symlink' | 'other';

/** One entry of a listing. */
export interface ListEntry {
  /** Workspace-relative POSIX path. */
  path: string;
  type: EntryType;
  /** Size in bytes as lstat reports it (a symlink's is its target's length). */
  size: number;
}

/** Called for each entry with the directory it is in; returns false to stop the walk. */
export type WalkVisitor = (entry: ListEntry, parent: HeldDir, name: string) => boolean | Promise<boolean>;

/**
 * Visits the entries under `dir`, depth first and sorted by name; with
 * `recursive`, goes into subdirectories, but not into `.git` unless
 * includeGit. Returns false when `visit` stopped it.
 */
export async function walkDir(
  guard: WorkspaceGuard,
  dir: HeldDir,
  recursive: boolean,
  includeGit: boolean,
  visit: WalkVisitor,
): Promise<boolean> {
  const names = (await readdir(dir.self())).sort();
  for (const name of names) {
    const stats = await lstat(dir.child(name)).catch(() => null);
    if (stats === null) continue; // gone since readdir
    const entry: ListEntry = { path: dir.rel(name), type: entryType(stats), size: stats.size };
    if (!(await visit(entry, dir, name))) return false;
    if (!recursive || entry.type !== 'dir' || (!includeGit && name.toLowerCase() === '.git')) continue;
    let child: HeldDir;
    try {
      child = await guard.openChildDir(dir.rel(name), dir, name);
    } catch {
      continue; // no longer a directory in the workspace: nothing to list there
    }
    try {
      if (!(await walkDir(guard, child, recursive, includeGit, visit))) return false;
    } finally {
      await child.handle.close();
    }
  }
  return true;
}

/** What lstat says the entry is. */
export function entryType(stats: Stats): EntryType {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'dir';
  if (stats.isSymbolicLink()) return 'symlink';
  return 'other';
}
