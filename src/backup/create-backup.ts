// `clawdock backup`: one archive of a state folder's audit logs, sessions,
// pairings, policy and settings, the encrypted vault, and the shadow layers'
// change-set state, upper layers and undo history (state-layout.ts says
// exactly which paths). Walks with lstat and never follows a link; an audit
// day file is taken up to its last whole line, so a line being written as we
// read is not cut in two and the chain stays intact. The finished archive is
// read back with the restore's own checks (every chain verified) before this
// says it is done.
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { lstat, open, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ClawdockError } from '../core/errors';
import type { BackupRoot } from './archive-format';
import { ArchiveWriter } from './archive-writer';
import { auditDayFileKey, HOME_EXCLUDED, isTransient, isWorkspaceContent, keySources, sharedItems, workspaceItems, type LayoutItem } from './state-layout';
import { checkArchive } from './restore-backup';

/** A state folder to back up. */
export interface BackupSource {
  readonly root: BackupRoot;
  readonly dir: string;
}

/** What to back up and where. */
export interface BackupOptions {
  readonly sources: readonly BackupSource[];
  /** `all`, or these workspace keys (with the real paths they stand for, for the header). */
  readonly scope: 'all' | { readonly keys: readonly string[]; readonly workspaces: readonly string[] };
  readonly out: string;
  readonly now?: () => Date;
}

/** What went into the archive. */
export interface BackupSummary {
  readonly out: string;
  readonly files: number;
  readonly bytes: number;
  readonly workspaces: readonly string[];
  readonly chains: number;
  readonly skipped: readonly string[];
}

/** Writes the archive; throws (and leaves nothing at `out`) when something cannot be read or a chain does not verify. */
export async function createBackup(options: BackupOptions): Promise<BackupSummary> {
  const skipped: string[] = [];
  const keys = new Set<string>();
  const plan: { source: BackupSource; items: LayoutItem[] }[] = [];
  for (const source of options.sources) {
    const own = options.scope === 'all' ? await allKeys(source) : options.scope.keys;
    own.forEach((k) => keys.add(k));
    plan.push({ source, items: [...sharedItems(source.root), ...own.flatMap((k) => workspaceItems(source.root, k))] });
  }
  const excluded = options.sources.some((s) => s.root === 'home') ? HOME_EXCLUDED.map((e) => e.why) : [];
  const writer = ArchiveWriter.create(options.out, {
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    scope: options.scope === 'all' ? 'all' : [...options.scope.workspaces],
    roots: options.sources.map((s) => s.root),
    excluded,
  });
  let files = 0;
  let bytes = 0;
  try {
    for (const { source, items } of plan) {
      const dirs = new Set<string>();
      for (const item of items) {
        await walk(source, item.path, async (path, st) => {
          // The folders on the way, once each, so their modes come back too.
          for (const parent of parentsOf(path)) {
            if (dirs.has(parent)) continue;
            dirs.add(parent);
            const pst = await lstat(join(source.dir, parent));
            await writer.add({ ...meta(source.root, parent, pst), type: 'dir' });
          }
          const content = isWorkspaceContent(source.root, path);
          if (st.isDirectory()) {
            if (!dirs.has(path)) await writer.add({ ...meta(source.root, path, st), type: 'dir' });
            dirs.add(path);
          } else if (st.isFile()) {
            const full = join(source.dir, path);
            const size = auditDayFileKey(path) !== undefined ? await wholeLines(full, st.size) : st.size;
            const sum = await sha256File(full, size);
            await writer.addFile({ ...meta(source.root, path, st), type: 'file' }, full, size, sum);
            files++;
            bytes += size;
          } else if (st.isSymbolicLink() && content) {
            await writer.add({ ...meta(source.root, path, st), type: 'symlink', target: await readlink(join(source.dir, path)) });
          } else if (st.isCharacterDevice() && st.rdev === 0 && content) {
            await writer.add({ ...meta(source.root, path, st), type: 'whiteout' });
          } else {
            skipped.push(`${source.root}/${path}: ${st.isSymbolicLink() ? 'a link in a state folder' : 'not a file or folder'}, not backed up`);
          }
        });
      }
    }
    await writer.finish();
  } catch (error) {
    writer.abort();
    throw error;
  }
  // Proof it restores: the restore's checks, every audit chain verified, nothing written anywhere.
  let chains: number;
  try {
    chains = (await checkArchive(options.out)).chains.length;
  } catch (error) {
    const { rmSync } = await import('node:fs');
    rmSync(options.out, { force: true });
    throw new ClawdockError(`the backup did not pass its own check and was removed: ${(error as Error).message}`, { hint: 'run `clawdock audit verify` on the workspace named, and back up again' });
  }
  return { out: options.out, files, bytes, workspaces: [...keys].sort(), chains, skipped };
}

async function allKeys(source: BackupSource): Promise<string[]> {
  const keys = new Set<string>();
  for (const { dir, key } of keySources(source.root)) {
    for (const name of await readdir(join(source.dir, dir)).catch(() => [] as string[])) {
      const k = key(name);
      if (k !== undefined && /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(k)) keys.add(k);
    }
  }
  return [...keys].sort();
}

/** Calls `visit` for the item and, for a folder taken whole, everything under it (folders first). */
async function walk(source: BackupSource, path: string, visit: (path: string, st: Stats) => Promise<void>): Promise<void> {
  let st: Stats;
  try {
    st = await lstat(join(source.dir, path));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  await visit(path, st);
  if (!st.isDirectory()) return;
  for (const name of (await readdir(join(source.dir, path))).sort()) {
    if (isTransient(name) && !isWorkspaceContent(source.root, path)) continue;
    await walk(source, `${path}/${name}`, visit);
  }
}

function meta(root: BackupRoot, path: string, st: Stats): { root: BackupRoot; path: string; mode: number; mtimeMs: number; uid?: number; gid?: number } {
  return { root, path, mode: st.mode & 0o7777, mtimeMs: Math.max(0, st.mtimeMs), ...(isWorkspaceContent(root, path) ? { uid: st.uid, gid: st.gid } : {}) };
}

function parentsOf(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** The length of a file up to and including its last newline (a line being appended is left for the next backup). */
async function wholeLines(path: string, size: number): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    for (let end = size; end > 0;) {
      const start = Math.max(0, end - buf.length);
      const { bytesRead } = await handle.read(buf, 0, end - start, start);
      const at = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (at !== -1) return start + at + 1;
      end = start;
    }
    return 0;
  } finally {
    await handle.close();
  }
}

async function sha256File(path: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(1024 * 1024);
    for (let done = 0; done < size;) {
      const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, size - done), done);
      if (bytesRead === 0) throw new ClawdockError(`${path} shrank while it was being backed up`, { hint: 'stop what writes it and back up again' });
      hash.update(buf.subarray(0, bytesRead));
      done += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}
