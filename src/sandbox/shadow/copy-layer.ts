// The shadow workspace where the engine cannot mount an overlay of the folder
// (a remote engine, Docker Desktop's VM): a volume of the sandbox's own,
// seeded with a copy of the folder, kept in step with the folder's own edits
// (an incremental copy before each command), and compared with what it was
// seeded with to find what commands changed. Same contract as the overlay:
// nothing a command does reaches the real folder until it is accepted.
//
// Costs more than the overlay: every scan lists the whole volume (inside the
// container) and the whole folder (on the host). `sandbox status` says which
// one a workspace uses.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pack } from 'tar-stream';
import type { ContainerEngine } from '../engine/engine';
import type { FsRequest } from '../exec/exec-types';
import type { WorkspaceIdentity } from '../workspace-identity';
import type { EntryStat, UpperEntry } from './upper-scan';

/** A row of the container's manifest: kind, size, mode, mtime and ctime in ns, link target. */
type ManifestRow = [kind: 'file' | 'dir' | 'symlink' | 'other', size: number, mode: number, mtimeNs: number, ctimeNs: number, target?: string];
/** A row of the folder's manifest: kind, size, mode, mtime and ctime in ms, inode. */
type HostRow = [kind: 'file' | 'dir' | 'symlink' | 'other', size: number, mode: number, mtimeMs: number, ctimeMs: number, ino: number];

interface CopyState {
  v: 1;
  /** The container's entries when they last matched the folder (after seeding, accepting, rejecting or syncing). */
  baseline: Record<string, ManifestRow>;
  /** The folder's entries at that same moment. */
  host: Record<string, HostRow>;
}

const MAX_ENTRIES = 500_000;
const SEED_MAX_FILE = 256 * 1024 * 1024;

/** One workspace's copy layer. */
export class CopyLayer {
  constructor(
    private readonly engine: ContainerEngine,
    private readonly fs: (request: FsRequest) => Promise<unknown>,
    private readonly identity: WorkspaceIdentity,
    private readonly stateFile: string,
  ) {}

  /** Whether the volume was seeded (a state file exists). */
  isSeeded(): boolean {
    try {
      lstatSync(this.stateFile);
      return true;
    } catch {
      return false;
    }
  }

  /** Copies the folder into the (empty) volume through the engine and records both sides. */
  async seed(containerId: string, onProgress: (message: string) => void): Promise<void> {
    onProgress('Copying the workspace into the sandbox (this engine cannot overlay it)');
    const host = hostManifest(this.identity.realPath);
    const tar = pack();
    const done = this.engine.putArchive(containerId, '/workspace', tar as unknown as NodeJS.ReadableStream);
    for (const [path, row] of Object.entries(host).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const header = { name: path, mode: row[2], mtime: new Date(row[3]), uid: this.identity.uid, gid: this.identity.gid };
      if (row[0] === 'dir') await entry(tar, { ...header, type: 'directory' });
      else if (row[0] === 'symlink') await entry(tar, { ...header, type: 'symlink', linkname: readlinkSync(join(this.identity.realPath, path)) });
      else if (row[0] === 'file' && row[1] <= SEED_MAX_FILE) await entry(tar, { ...header, type: 'file', size: row[1] }, readHostBytes(join(this.identity.realPath, path)) ?? Buffer.alloc(0));
    }
    tar.finalize();
    await done;
    const baseline = await this.manifest();
    this.save({ v: 1, baseline, host });
  }

  /**
   * The folder's own edits since the last match, copied into the volume where
   * the sandbox has not changed the same path (where it has, the change set
   * shows a conflict instead). Run before each command.
   */
  async syncFromFolder(): Promise<number> {
    const state = this.load();
    const host = hostManifest(this.identity.realPath);
    const container = await this.manifest();
    const changedOnHost = diffKeys(state.host, host, sameHostRow);
    let copied = 0;
    // Folders first (a new file needs its folder), removals deepest first.
    for (const path of changedOnHost.sort((a, b) => depth(a) - depth(b))) {
      if (!sameManifestRow(container[path], state.baseline[path])) continue;
      const row = host[path];
      const at = `/workspace/${path}`;
      if (!row) {
        await this.fs({ action: 'remove', path: at, recursive: true }).catch(() => undefined);
      } else if (row[0] === 'dir') {
        await this.fs({ action: 'mkdir', path: at, mode: row[2] });
      } else if (row[0] === 'symlink') {
        await this.fs({ action: 'symlink', path: at, target: readlinkSync(join(this.identity.realPath, path)) });
      } else if (row[0] === 'file') {
        const data = readHostBytes(join(this.identity.realPath, path));
        if (data === null) continue;
        if (container[path]?.[0] === 'dir') await this.fs({ action: 'remove', path: at, recursive: true });
        await this.fs({ action: 'write', path: at, data: data.toString('base64'), mode: row[2], createParents: true });
      }
      copied++;
    }
    if (copied > 0 || changedOnHost.length > 0) await this.markInSync(changedOnHost.filter((p) => sameManifestRow(container[p], state.baseline[p])), host);
    return copied;
  }

  /** What the sandbox changed since the last match, in the overlay's terms (a deletion is a whiteout). */
  async entries(): Promise<{ entries: UpperEntry[]; truncated: boolean }> {
    const state = this.load();
    const container = await this.manifest();
    const entries: UpperEntry[] = [];
    for (const path of diffKeys(state.baseline, container, sameManifestRow).sort()) {
      const row = container[path];
      if (!row) {
        // Only the topmost missing entry: a removed folder is one deletion.
        const parent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
        if (parent && !container[parent] && state.baseline[parent]) continue;
        entries.push({ kind: 'whiteout', path });
        continue;
      }
      const stat = rowStat(row);
      if (row[0] === 'file') entries.push({ kind: 'file', path, stat });
      else if (row[0] === 'symlink') entries.push({ kind: 'symlink', path, target: row[5] ?? '', stat });
      else if (row[0] === 'dir') {
        if (!state.baseline[path]) entries.push({ kind: 'dir', path, stat, names: Object.keys(container).filter((p) => p.startsWith(`${path}/`) && !p.slice(path.length + 1).includes('/')).map((p) => p.slice(path.length + 1)) });
      } else entries.push({ kind: 'special', path, what: 'a special file', stat });
    }
    return { entries, truncated: Object.keys(container).length >= MAX_ENTRIES };
  }

  /** The sha256 (and binary sniff) of files in the volume; null where there is no regular file. */
  async hash(paths: readonly string[]): Promise<({ sha256: string; binary: boolean } | null)[]> {
    return (await this.fs({ action: 'hash', paths: paths.map((p) => `/workspace/${p}`) })) as ({ sha256: string; binary: boolean } | null)[];
  }

  /** A file's bytes in the volume. */
  async read(path: string, maxBytes: number): Promise<{ data: Buffer; sha256: string; mode: number }> {
    const r = (await this.fs({ action: 'read', path: `/workspace/${path}`, offset: 0, limit: maxBytes })) as { data: string; sha256: string; size: number; mode: number };
    if (r.size > maxBytes) throw new Error(`${path} is ${r.size} bytes, more than the ${maxBytes}-byte limit`);
    return { data: Buffer.from(r.data, 'base64'), sha256: r.sha256, mode: r.mode };
  }

  /**
   * Records that these paths (and what is under them) match the folder again
   * (after an accept, a reject or a sync): their current rows become the baseline.
   */
  async markInSync(paths: readonly string[], hostNow: Record<string, HostRow> = hostManifest(this.identity.realPath)): Promise<void> {
    if (paths.length === 0) return;
    const state = this.load();
    const container = await this.manifest();
    const under = (p: string, root: string) => p === root || p.startsWith(`${root}/`);
    for (const root of paths) {
      for (const map of [state.baseline, state.host]) for (const p of Object.keys(map)) if (under(p, root)) delete map[p];
      for (const [p, row] of Object.entries(container)) if (under(p, root)) state.baseline[p] = row;
      for (const [p, row] of Object.entries(hostNow)) if (under(p, root)) state.host[p] = row;
    }
    this.save(state);
  }

  /**
   * Records that these paths differ from the folder on purpose (an undo put
   * the folder back while the sandbox keeps its version): they show as
   * changes again, and the next sync does not copy the folder over them.
   */
  async markPending(paths: readonly string[]): Promise<void> {
    if (paths.length === 0) return;
    const state = this.load();
    const container = await this.manifest();
    const host = hostManifest(this.identity.realPath);
    const under = (p: string, root: string) => p === root || p.startsWith(`${root}/`);
    // A row no real entry has: whatever the copy holds there differs from it.
    const unmatched: ManifestRow = ['other', -1, 0, 0, 0];
    for (const root of paths) {
      for (const p of new Set([...Object.keys(container), ...Object.keys(host), ...Object.keys(state.baseline)])) {
        if (!under(p, root)) continue;
        state.baseline[p] = unmatched;
        if (host[p]) state.host[p] = host[p] as HostRow;
        else delete state.host[p];
      }
    }
    this.save(state);
  }

  private async manifest(): Promise<Record<string, ManifestRow>> {
    const r = (await this.fs({ action: 'manifest', path: '/workspace', limit: MAX_ENTRIES })) as { entries: Record<string, ManifestRow> };
    return r.entries;
  }

  private load(): CopyState {
    try {
      const raw = JSON.parse(readFileSync(this.stateFile, 'utf8')) as CopyState;
      if (raw.v === 1) return raw;
    } catch {
      // Missing or damaged: an empty baseline shows everything as changed, never nothing.
    }
    return { v: 1, baseline: {}, host: {} };
  }

  private save(state: CopyState): void {
    const temp = `${this.stateFile}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
    renameSync(temp, this.stateFile);
  }
}

function entry(tar: ReturnType<typeof pack>, header: Record<string, unknown>, body?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    tar.entry(header, body ?? null, (err?: Error | null) => (err ? reject(err) : resolve()));
  });
}

/** Every entry of the folder, without following links (`.git` included: the sandbox sees the repository). */
export function hostManifest(root: string): Record<string, HostRow> {
  const out: Record<string, HostRow> = {};
  const stack = [''];
  while (stack.length > 0 && Object.keys(out).length < MAX_ENTRIES) {
    const rel = stack.pop() as string;
    let names: string[];
    try {
      names = readdirSync(rel === '' ? root : join(root, rel));
    } catch {
      continue;
    }
    for (const name of names) {
      const path = rel === '' ? name : `${rel}/${name}`;
      let st;
      try {
        st = lstatSync(join(root, path));
      } catch {
        continue;
      }
      const kind = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : st.isSymbolicLink() ? 'symlink' : 'other';
      out[path] = [kind, st.size, st.mode & 0o7777, st.mtimeMs, st.ctimeMs, st.ino];
      if (kind === 'dir') stack.push(path);
    }
  }
  return out;
}

function readHostBytes(path: string): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(size);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, buf, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
    return buf.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

function rowStat(row: ManifestRow): EntryStat {
  // No inode from inside the container: ctime stands in for it in the comparison cache.
  return { size: row[1], mode: row[2], mtimeMs: row[3] / 1e6, ctimeMs: row[4] / 1e6, ino: Math.round(row[4] / 1e3) };
}

function sameManifestRow(a: ManifestRow | undefined, b: ManifestRow | undefined): boolean {
  if (!a || !b) return a === b;
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3] && a[4] === b[4] && a[5] === b[5];
}

function sameHostRow(a: HostRow | undefined, b: HostRow | undefined): boolean {
  if (!a || !b) return a === b;
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3] && a[4] === b[4] && a[5] === b[5];
}

function diffKeys<T>(before: Record<string, T>, after: Record<string, T>, same: (a: T | undefined, b: T | undefined) => boolean): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !same(before[k], after[k]));
}

function depth(path: string): number {
  return path.split('/').length;
}
