// `clawdock restore`: everything is checked before anything is written. The
// archive is read whole into a private staging folder (format, every file's
// sha256, the closing digest, paths the layout could have produced), every
// audit chain in it is verified (against its head anchor when the archive has
// one), and each destination is compared with what would replace it: newer
// state (a longer audit log, a later head, a file changed since) is a
// conflict, refused unless `force`. Only then are files written — state as
// 0600 in 0700 folders, a shadow layer's content with its own modes.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, type Stats } from 'node:fs';
import { chmod, copyFile, lchown, lstat, mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { verifyWorkspace, type VerifyResult } from '../audit';
import { ClawdockError } from '../core/errors';
import { readArchive, type ArchiveEntry, type ArchiveHeader, type BackupRoot } from './archive-format';
import { BackupFormatError } from './backup-errors';
import { anchorPath, auditDayFileKey, isLayoutPath, isWorkspaceContent } from './state-layout';

/** Where each root of an archive is restored to. */
export type RestoreTargets = Partial<Record<BackupRoot, string>>;

/** How to restore. */
export interface RestoreOptions {
  readonly targets: RestoreTargets;
  /** Check and plan only; write nothing. */
  readonly dryRun?: boolean;
  /** Overwrite newer state. */
  readonly force?: boolean;
}

/** A destination that is newer than (or otherwise differs in kind from) what the archive would put there. */
export interface RestoreConflict {
  readonly root: BackupRoot;
  readonly path: string;
  readonly why: string;
}

/** What a restore did, or (dry run) would do. */
export interface RestoreReport {
  readonly header: ArchiveHeader;
  readonly dryRun: boolean;
  /** `root/path` of every file that was (or would be) written. */
  readonly written: readonly string[];
  readonly unchanged: number;
  readonly conflicts: readonly RestoreConflict[];
  readonly chains: readonly { readonly root: BackupRoot; readonly key: string; readonly lines: number }[];
}

/** Newer state in the way: nothing was written. */
export class RestoreConflictError extends ClawdockError {
  override name = 'RestoreConflictError';

  constructor(readonly conflicts: readonly RestoreConflict[]) {
    super(`nothing was restored: ${conflicts.length} file(s) here are newer than the backup or differ in kind (${conflicts.slice(0, 3).map((c) => `${c.root}/${c.path}: ${c.why}`).join('; ')}${conflicts.length > 3 ? '; …' : ''})`, { hint: 'back up the current state first, then restore with --force to replace it' });
  }
}

interface Staged {
  readonly entry: ArchiveEntry;
  /** The staged copy of a file's bytes. */
  readonly staged?: string;
}

/** Reads and checks an archive (every chain verified) without a destination: what `backup` runs on its own output. */
export async function checkArchive(file: string): Promise<{ header: ArchiveHeader; chains: RestoreReport['chains'] }> {
  return withStaging(file, undefined, async (header, _entries, chains) => ({ header, chains }));
}

/** Restores an archive into `targets`, or (dry run) says what it would do. Throws BackupFormatError or RestoreConflictError with nothing written. */
export async function restoreBackup(file: string, options: RestoreOptions): Promise<RestoreReport> {
  return withStaging(file, options.targets, async (header, entries, chains) => {
    const conflicts: RestoreConflict[] = [];
    const writes: Staged[] = [];
    let unchanged = 0;
    for (const s of entries) {
      const dest = join(options.targets[s.entry.root] as string, s.entry.path);
      const verdict = await compare(s, dest, options.targets[s.entry.root] as string);
      if (verdict.kind === 'same') unchanged++;
      else if (verdict.kind === 'write') writes.push(s);
      else if (verdict.kind === 'refuse' || !options.force) conflicts.push({ root: s.entry.root, path: s.entry.path, why: verdict.why });
      else writes.push(s);
    }
    const report = (written: Staged[]): RestoreReport => ({
      header, dryRun: options.dryRun === true, conflicts, chains, unchanged,
      written: written.filter((s) => s.entry.type !== 'dir').map((s) => `${s.entry.root}/${s.entry.path}`),
    });
    if (options.dryRun) return report(writes);
    if (conflicts.length > 0) throw new RestoreConflictError(conflicts);
    if (writes.some((s) => s.entry.type === 'whiteout')) await checkWhiteoutsPossible(options.targets.home as string);
    for (const s of writes) await write(s, join(options.targets[s.entry.root] as string, s.entry.path));
    // Folders last: a folder's mode and time, once its contents are in.
    for (const s of [...writes].reverse()) if (s.entry.type === 'dir') await settle(s.entry, join(options.targets[s.entry.root] as string, s.entry.path));
    return report(writes);
  });
}

async function withStaging<T>(
  file: string, targets: RestoreTargets | undefined,
  then: (header: ArchiveHeader, entries: readonly Staged[], chains: RestoreReport['chains']) => Promise<T>,
): Promise<T> {
  const staging = await mkdtemp(join(tmpdir(), 'clawdock-restore-'));
  try {
    let header: ArchiveHeader | undefined;
    const entries: Staged[] = [];
    const seen = new Set<string>();
    await readArchive(file, {
      header(h) {
        header = h;
        for (const root of h.roots) {
          if (targets && targets[root] === undefined) {
            throw new ClawdockError(`${file} holds the ${root === 'editor' ? 'editor\'s' : 'CLI\'s'} state, and no place to restore it to was given; nothing was written`, {
              hint: root === 'editor' ? 'restore it with “Clawdock: Restore from Backup…” in VS Code, or pass --editor-storage DIR' : 'set CLAWDOCK_HOME to the folder to restore into',
            });
          }
        }
      },
      async entry(entry, data) {
        const id = `${entry.root}/${entry.path}`;
        if (!(header as ArchiveHeader).roots.includes(entry.root)) throw new BackupFormatError(file, `${id} belongs to a root its header does not name`);
        if (seen.has(id)) throw new BackupFormatError(file, `${id} appears twice`);
        seen.add(id);
        if (!isLayoutPath(entry.root, entry.path)) throw new BackupFormatError(file, `${id} is not a path a backup takes`);
        if ((entry.type === 'symlink' || entry.type === 'whiteout') && !isWorkspaceContent(entry.root, entry.path)) {
          throw new BackupFormatError(file, `${id} is a ${entry.type === 'symlink' ? 'link' : 'deletion mark'} outside a shadow layer`);
        }
        if (!data) {
          entries.push({ entry });
          return;
        }
        const staged = join(staging, entry.root, entry.path);
        await mkdir(dirname(staged), { recursive: true, mode: 0o700 });
        const out = createWriteStream(staged, { mode: 0o600, flags: 'wx' });
        for await (const chunk of data) if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
        await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
        entries.push({ entry, staged });
      },
    });
    const chains = await verifyChains(file, staging, entries);
    return await then(header as ArchiveHeader, entries, chains);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Every audit log in the archive, verified from its first line (and against its head, when the archive holds one). */
async function verifyChains(file: string, staging: string, entries: readonly Staged[]): Promise<RestoreReport['chains']> {
  const logs = new Map<string, { root: BackupRoot; key: string }>();
  for (const s of entries) {
    const key = s.entry.type === 'file' ? auditDayFileKey(s.entry.path) : undefined;
    if (key !== undefined) logs.set(`${s.entry.root}/${key}`, { root: s.entry.root, key });
  }
  const out: { root: BackupRoot; key: string; lines: number }[] = [];
  for (const { root, key } of logs.values()) {
    const anchor = await readAnchor(join(staging, root, anchorPath(root, key)));
    const result: VerifyResult = await verifyWorkspace(join(staging, root, 'audit', key), anchor ? { expectHead: anchor } : {});
    if (!result.ok) {
      const where = result.break.file.slice(join(staging, root).length + 1);
      throw new BackupFormatError(file, `the audit chain of ${key} does not verify: ${root}/${where} line ${result.break.line} is ${result.break.reason} (${result.break.detail})`);
    }
    out.push({ root, key, lines: result.lines });
  }
  return out;
}

async function readAnchor(path: string): Promise<{ seq: number; hash: string } | undefined> {
  try {
    const a = JSON.parse(await readFile(path, 'utf8')) as { seq?: unknown; hash?: unknown };
    return typeof a.seq === 'number' && typeof a.hash === 'string' ? { seq: a.seq, hash: a.hash } : undefined;
  } catch {
    return undefined;
  }
}

type Verdict = { kind: 'same' } | { kind: 'write' } | { kind: 'newer'; why: string } | { kind: 'refuse'; why: string };

/** What restoring `s` at `dest` means: nothing to do, a write, newer state in the way, or something never to write over. */
async function compare(s: Staged, dest: string, root: string): Promise<Verdict> {
  // A link on the way would carry the write out of the state folder: never, --force or not.
  for (let p = dirname(dest); p.length > root.length; p = dirname(p)) {
    const st = await lstat(p).catch(() => undefined);
    if (st?.isSymbolicLink()) return { kind: 'refuse', why: `${p} is a link` };
  }
  const st = await lstat(dest).catch(() => undefined);
  if (!st) return { kind: 'write' };
  const e = s.entry;
  // An existing folder is "written" too: its mode is set again (0700 for state).
  if (e.type === 'dir') return st.isDirectory() ? { kind: 'write' } : { kind: 'refuse', why: 'here it is not a folder' };
  if (st.isDirectory()) return { kind: 'refuse', why: 'here it is a folder' };
  if (e.type === 'whiteout') return st.isCharacterDevice() && st.rdev === 0 ? { kind: 'same' } : { kind: 'newer', why: 'the shadow layer holds another change here' };
  if (e.type === 'symlink') return st.isSymbolicLink() ? { kind: 'same' } : { kind: 'newer', why: 'the shadow layer holds another change here' };
  if (!st.isFile()) return { kind: 'refuse', why: 'here it is not a plain file' };
  const staged = await readFile(s.staged as string);
  const here = await readFile(dest);
  if (here.equals(staged)) return { kind: 'same' };
  if (auditDayFileKey(e.path) !== undefined) {
    if (here.length > staged.length && here.subarray(0, staged.length).equals(staged)) return { kind: 'newer', why: 'this audit log has lines the backup does not' };
    if (staged.length > here.length && staged.subarray(0, here.length).equals(here)) return { kind: 'write' };
    return { kind: 'newer', why: 'this audit log and the backup\'s differ' };
  }
  if (/(?:^|\/)audit-heads\/[^/]+\.json$/.test(e.path)) {
    const a = JSON.parse(staged.toString('utf8')) as { seq?: number };
    const b = (() => {
      try {
        return JSON.parse(here.toString('utf8')) as { seq?: number };
      } catch {
        return {};
      }
    })();
    return (b.seq ?? 0) > (a.seq ?? 0) ? { kind: 'newer', why: `the audit head here is at seq ${b.seq}, the backup's at ${a.seq}` } : { kind: 'write' };
  }
  return st.mtimeMs > e.mtimeMs + 1 ? { kind: 'newer', why: `changed ${new Date(st.mtimeMs).toISOString()}, after the backup's copy` } : { kind: 'write' };
}

async function write(s: Staged, dest: string): Promise<void> {
  const e = s.entry;
  const content = isWorkspaceContent(e.root, e.path);
  await mkdirPrivate(dirname(dest));
  switch (e.type) {
    case 'dir':
      await mkdir(dest, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      });
      return;
    case 'file': {
      const tmp = `${dest}.restore-${process.pid}.tmp`;
      await copyFile(s.staged as string, tmp);
      await chmod(tmp, content ? e.mode & 0o777 : 0o600);
      await rename(tmp, dest);
      break;
    }
    case 'symlink':
      await rm(dest, { force: true });
      await symlink(e.target, dest);
      break;
    case 'whiteout':
      await rm(dest, { force: true });
      mknodWhiteout(dest);
      break;
  }
  if (content && e.uid !== undefined && e.gid !== undefined && process.getuid?.() === 0) await lchown(dest, e.uid, e.gid);
  if (e.type === 'file') await utimes(dest, new Date(), new Date(e.mtimeMs));
}

/** A folder's mode (0700 for state, its own for a shadow layer's content), owner and time. */
async function settle(e: Extract<ArchiveEntry, { type: 'dir' }>, dest: string): Promise<void> {
  const content = isWorkspaceContent(e.root, e.path);
  await chmod(dest, content ? e.mode & 0o777 : 0o700);
  if (content && e.uid !== undefined && e.gid !== undefined && process.getuid?.() === 0) await lchown(dest, e.uid, e.gid);
  await utimes(dest, new Date(), new Date(e.mtimeMs));
}

async function mkdirPrivate(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/** overlayfs's deletion mark: a 0/0 character device (needs the right to make device nodes, usually root). */
function mknodWhiteout(path: string): void {
  const r = spawnSync('mknod', ['-m', '000', path, 'c', '0', '0'], { encoding: 'utf8' });
  if (r.status !== 0) throw new ClawdockError(`could not recreate the deletion mark ${path}: ${(r.stderr || r.error?.message || '').trim()}`, { hint: 'restore as root (deletions in a shadow layer are device nodes)' });
}

/** Refuses before writing anything when deletion marks cannot be made here. */
async function checkWhiteoutsPossible(home: string): Promise<void> {
  await mkdirPrivate(home);
  const probe = await mkdtemp(join(home, '.restore-probe-'));
  try {
    mknodWhiteout(join(probe, 'w'));
  } finally {
    await rm(probe, { recursive: true, force: true });
  }
}

/** sha256 of a file, for callers comparing a restore. */
export async function sha256Of(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** Every file under a folder, relative, with its stat (for tests and reports). */
export async function listTree(dir: string): Promise<{ path: string; st: Stats }[]> {
  const out: { path: string; st: Stats }[] = [];
  const visit = async (rel: string) => {
    const st = await lstat(join(dir, rel));
    if (rel) out.push({ path: rel, st });
    if (st.isDirectory()) for (const n of (await readdir(join(dir, rel))).sort()) await visit(rel ? `${rel}/${n}` : n);
  };
  await visit('');
  return out;
}
