// Host-side file operations on the workspace that cannot reach outside it,
// even while something inside the sandbox keeps swapping directories for
// symlinks (DESIGN.md, "Sandbox contract": a host-side guard proven against
// `..`, absolute paths, symlinks and races).
//
// How: resolveInWorkspace decides what a path means (following only the
// symlinks that stay inside). Then, since Node has no openat(), every name is
// opened relative to an already-open directory through
// `/proc/self/fd/<dirfd>/<name>` with O_NOFOLLOW: the kernel walks from the
// directory we actually hold and refuses a symlink instead of following it.
// Each handle's real location is read back from /proc/self/fd/<fd> and must
// be inside the root's realpath. Files are created the same way
// (O_CREAT|O_EXCL|O_NOFOLLOW in a held directory) and renamed into place
// through the same directory handle, which defeats a parent swapped mid-way.
//
// Without /proc (macOS) we fall back to opening full host paths with
// O_NOFOLLOW (which guards only the last name) and checking that the path's
// realpath is inside the root and names the same dev/ino as the handle.
// That stops symlinks that sit still, but not one swapped back and forth
// while we check: the re-resolved path can agree with the handle by luck of
// timing, for reads and creates alike. `raceSafe` is false there, and file
// tools should then run inside the container's mount namespace instead.
import { createHash, randomBytes } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { lstat, mkdir, open, readdir, readlink, realpath, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { posix, resolve as resolveHostPath } from 'node:path';
import { createContext, Script } from 'node:vm';
import { minimatch } from 'minimatch';
import { ClawdockError, PathEscapeError, SandboxError } from '../core/errors';
import { sha256Hex } from '../core/hash';
import { findProtectedAliases, isProtectedPathOrAlias } from './protected-paths';
import {
  errorCode,
  joinWorkspaceSegments,
  resolveInWorkspace,
  toContainerPath,
  toWorkspaceRelative,
} from './workspace-path';
import type { MissingAllowed, WorkspaceRootPaths } from './workspace-path';

/** How the sandbox may touch the workspace through these operations. */
export type WorkspaceAccess = 'rw' | 'ro';

/** What a directory entry is, without following symlinks. */
export type EntryType = 'file' | 'dir' | 'symlink' | 'other';

/** Settings for a WorkspaceFs. */
export interface WorkspaceFsOptions {
  /** Host path of the workspace (what is mounted at /workspace). */
  root: string;
  /** `ro` refuses every write and remove. */
  access: WorkspaceAccess;
  /** Protected-path globs on top of DEFAULT_PROTECTED_PATHS. */
  protectedPaths: readonly string[];
  /** Most bytes one read returns (default 1 MiB); also the size above which search skips a file. */
  maxReadBytes?: number;
  /** Largest content one write accepts (default 10 MiB). */
  maxWriteBytes?: number;
  /** Which guard to use; 'auto' picks proc-fd where /proc/self/fd exists. Tests force 'portable'. */
  guard?: 'auto' | 'proc-fd' | 'portable';
}

/** What read returns: a UTF-8 slice of the file and the hash of the whole file. */
export interface ReadResult {
  /** Workspace-relative path actually read (symlinks inside the workspace followed). */
  path: string;
  /** The text; empty when `binary`. */
  content: string;
  /** Byte offset where `content` starts (moved forward past a split UTF-8 character). */
  offset: number;
  /** Bytes of the file `content` covers; the next page starts at offset + bytes. */
  bytes: number;
  /** Size of the whole file in bytes. */
  size: number;
  /** True when the file goes on past this slice. */
  truncated: boolean;
  /** True when the file is not UTF-8 text; content is then left empty. */
  binary: boolean;
  /** sha256 (hex) of the whole file, to bind a later edit to what was read. */
  sha256: string;
}

/** What write returns: enough for an audit line and an approval hash. */
export interface WriteResult {
  path: string;
  bytes: number;
  beforeSha256: string | null;
  afterSha256: string;
  created: boolean;
}

/** One entry of a listing. */
export interface ListEntry {
  /** Workspace-relative POSIX path. */
  path: string;
  type: EntryType;
  /** Size in bytes as lstat reports it (a symlink's is its target's length). */
  size: number;
}

/** What list returns. */
export interface ListResult {
  path: string;
  entries: ListEntry[];
  /** True when `limit` cut the listing short. */
  truncated: boolean;
}

/** What stat returns (the entry itself: a final symlink is not followed). */
export interface StatResult {
  path: string;
  type: EntryType;
  size: number;
  /** Permission bits. */
  mode: number;
  mtimeMs: number;
  /** For a symlink, what it points at, as written. */
  linkTarget?: string;
}

/** Options of the host-side text search. */
export interface SearchOptions {
  /** Directory (or file) to search, workspace-relative; default the root. */
  path?: string;
  /** minimatch glob on workspace-relative paths; without a `/` it matches the file name at any depth. */
  glob?: string;
  /** Most matches to return (default 200). */
  limit?: number;
  /** Treat the pattern as a JavaScript regular expression instead of literal text. */
  regex?: boolean;
  ignoreCase?: boolean;
  /** Time budget for the whole search in ms (default 10 s); a regex that runs past it fails the search. */
  timeoutMs?: number;
}

/** One matching line. */
export interface SearchMatch {
  path: string;
  /** 1-based line number. */
  line: number;
  /** 0-based column (UTF-16 units) where the match starts. */
  column: number;
  /** The line, cut to a window around the match when it is long. */
  text: string;
}

/** What search returns. */
export interface SearchResult {
  matches: SearchMatch[];
  /** True when a limit (matches, files or time) stopped the search early. */
  truncated: boolean;
  filesSearched: number;
  /** Files skipped as binary or larger than maxReadBytes. */
  filesSkipped: number;
}

const DEFAULT_MAX_READ_BYTES = 1024 * 1024;
const DEFAULT_MAX_WRITE_BYTES = 10 * 1024 * 1024;
const DEFAULT_LIST_LIMIT = 1000;
const DEFAULT_SEARCH_LIMIT = 200;
const SEARCH_MAX_FILES = 20_000;
const SEARCH_TIME_BUDGET_MS = 10_000;
// git's heuristic: a NUL in the first 8000 bytes means binary.
const BINARY_SNIFF_BYTES = 8000;
const HASH_CHUNK_BYTES = 1024 * 1024;

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_DIRECTORY, O_NONBLOCK } = constants;
// O_NONBLOCK so that a FIFO planted in the workspace cannot hang an open.
const OPEN_FILE = O_RDONLY | O_NOFOLLOW | O_NONBLOCK;
const OPEN_DIR = O_RDONLY | O_DIRECTORY | O_NOFOLLOW;

// The model picks the search regex; irregexp backtracks, so a pattern like
// (a+)+$ could freeze the extension host. Matching runs under vm's timeout,
// which interrupts a running regex.
const MATCH_LINES = new Script(`(() => {
  const out = [];
  const lines = text.split('\\n');
  for (let i = 0; i < lines.length && out.length < max; i++) {
    re.lastIndex = 0;
    const m = re.exec(lines[i]);
    if (m) out.push([i + 1, m.index, lines[i]]);
  }
  return out;
})()`);

/** A directory we hold open, and how to name things inside it without re-walking its path. */
class HeldDir {
  constructor(
    readonly handle: FileHandle,
    readonly segments: readonly string[],
    private readonly hostPath: string,
    private readonly viaProc: boolean,
  ) {}

  self(): string {
    return this.viaProc ? `/proc/self/fd/${this.handle.fd}` : this.hostPath;
  }

  child(name: string): string {
    return this.viaProc ? `/proc/self/fd/${this.handle.fd}/${name}` : this.hostChild(name);
  }

  /** The host path this entry had when we opened it: only for the portable guard's checks. */
  hostChild(name: string): string {
    return posix.join(this.hostPath, name);
  }

  rel(name: string): string {
    return joinWorkspaceSegments([...this.segments, name]);
  }
}

/** File operations confined to one workspace folder, for the agent's file tools. */
export class WorkspaceFs {
  readonly #options: WorkspaceFsOptions;
  readonly #viaProc: boolean;
  readonly #maxReadBytes: number;
  readonly #maxWriteBytes: number;
  #root: Promise<WorkspaceRootPaths> | undefined;

  constructor(options: WorkspaceFsOptions) {
    if (O_NOFOLLOW === undefined || O_DIRECTORY === undefined) {
      throw new SandboxError('this platform has no O_NOFOLLOW/O_DIRECTORY; host-side file operations are unavailable', {
        hint: 'use the in-container file operations',
      });
    }
    this.#options = { ...options, root: resolveHostPath(options.root) };
    const guard = options.guard ?? 'auto';
    this.#viaProc = guard === 'proc-fd' || (guard === 'auto' && existsSync('/proc/self/fd'));
    this.#maxReadBytes = clampPositive(options.maxReadBytes, DEFAULT_MAX_READ_BYTES);
    this.#maxWriteBytes = clampPositive(options.maxWriteBytes, DEFAULT_MAX_WRITE_BYTES);
  }

  /** Whether the guard also holds against symlinks swapped in mid-operation (the /proc/self/fd guard). */
  get raceSafe(): boolean {
    return this.#viaProc;
  }

  /** Reads a byte range (default from 0, at most maxReadBytes) of a file as UTF-8. */
  async read(path: string, options: { offset?: number; limit?: number } = {}): Promise<ReadResult> {
    return explainErrors('read', path, async () => {
      const start = Math.max(0, Math.floor(options.offset ?? 0));
      const limit = Math.min(this.#maxReadBytes, Math.max(1, Math.floor(options.limit ?? this.#maxReadBytes)));
      const { dir, name } = await this.#openParent(path, { followFinal: true, missing: 'none' });
      try {
        if (name === null) throw new SandboxError(`is a directory: ${toContainerPath(joinWorkspaceSegments(dir.segments))}`);
        const file = await this.#openIn(path, dir, name, OPEN_FILE);
        try {
          await this.#requireRegularFile(file, dir.rel(name));
          return { path: dir.rel(name), ...(await readSlice(file, start, limit)) };
        } finally {
          await file.close();
        }
      } finally {
        await dir.handle.close();
      }
    });
  }

  /**
   * Replaces (or creates) a file atomically: a temp file in the same
   * directory, then a rename. Keeps the file's permission bits. Refused in
   * `ro` mode, for protected paths unless allowProtected, and when
   * expectedSha256 is given and the file no longer matches it (null: must not exist).
   */
  async write(
    path: string,
    content: string | Uint8Array,
    options: { allowProtected?: boolean; createParents?: boolean; expectedSha256?: string | null } = {},
  ): Promise<WriteResult> {
    return explainErrors('write', path, async () => {
      this.#requireWritable(path, 'write');
      const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
      if (data.length > this.#maxWriteBytes) {
        throw new SandboxError(`refused to write ${data.length} bytes to ${JSON.stringify(path)}: more than the ${this.#maxWriteBytes}-byte limit`);
      }
      const resolved = await this.#resolve(path, { followFinal: true, missing: options.createParents ? 'parents' : 'final' });
      const segments = resolved.segments;
      // Check every name this write would create as well as the file: making
      // a `.git` directory on the way is as bad as writing `.git/config`.
      const created = segments.map((_, i) => joinWorkspaceSegments(segments.slice(0, i + 1))).slice(-Math.max(1, resolved.missing));
      await this.#requireUnprotected(path, [toWorkspaceRelative(path), ...created], options.allowProtected);
      const name = segments.at(-1);
      if (name === undefined) throw new SandboxError('cannot write to the workspace root: it is a directory');
      const dir = await this.#openDir(path, segments.slice(0, -1), Boolean(options.createParents));
      try {
        const before = await this.#describeTarget(path, dir, name);
        if (options.expectedSha256 !== undefined && options.expectedSha256 !== (before?.sha256 ?? null)) {
          throw new SandboxError(`${toContainerPath(dir.rel(name))} changed since it was read; refused to overwrite it`, {
            hint: 'read it again and redo the edit',
          });
        }
        await this.#replaceIn(path, dir, name, data, before?.mode ?? null);
        return {
          path: dir.rel(name),
          bytes: data.length,
          beforeSha256: before?.sha256 ?? null,
          afterSha256: sha256Hex(data),
          created: before === null,
        };
      } finally {
        await dir.handle.close();
      }
    });
  }

  /** Removes a file, a symlink (not its target) or an empty directory. */
  async remove(path: string, options: { allowProtected?: boolean } = {}): Promise<{ path: string; type: EntryType }> {
    return explainErrors('remove', path, async () => {
      this.#requireWritable(path, 'remove');
      await this.#requireUnprotected(path, [toWorkspaceRelative(path)], options.allowProtected);
      const { dir, name } = await this.#openParent(path, { followFinal: false, missing: 'none' });
      try {
        if (name === null) throw new PathEscapeError(path, 'the workspace root itself cannot be removed');
        await this.#requireUnprotected(path, [dir.rel(name)], options.allowProtected);
        const type = entryType(await lstat(dir.child(name)));
        try {
          await (type === 'dir' ? rmdir(dir.child(name)) : unlink(dir.child(name)));
        } catch (error) {
          if (errorCode(error) === 'ENOTEMPTY' || errorCode(error) === 'EEXIST') {
            throw new SandboxError(`directory not empty: ${toContainerPath(dir.rel(name))}`, { hint: 'remove what is inside first' });
          }
          throw error;
        }
        return { path: dir.rel(name), type };
      } finally {
        await dir.handle.close();
      }
    });
  }

  /**
   * Lists a directory, sorted by name. Recursion never follows symlinks and
   * skips the inside of `.git` directories unless includeGit.
   */
  async list(path = '.', options: { recursive?: boolean; limit?: number; includeGit?: boolean } = {}): Promise<ListResult> {
    return explainErrors('list', path, async () => {
      const limit = clampPositive(options.limit, DEFAULT_LIST_LIMIT);
      const dir = await this.#openResolvedDir(path);
      const entries: ListEntry[] = [];
      let truncated = false;
      try {
        await this.#walk(dir, Boolean(options.recursive), Boolean(options.includeGit), (entry) => {
          if (entries.length >= limit) {
            truncated = true;
            return false;
          }
          entries.push(entry);
          return true;
        });
      } finally {
        await dir.handle.close();
      }
      return { path: joinWorkspaceSegments(dir.segments), entries, truncated };
    });
  }

  /** Describes one entry without following a final symlink. */
  async stat(path: string): Promise<StatResult> {
    return explainErrors('stat', path, async () => {
      const { dir, name } = await this.#openParent(path, { followFinal: false, missing: 'none' });
      try {
        const stats = name === null ? await dir.handle.stat() : await lstat(dir.child(name));
        const result: StatResult = {
          path: name === null ? joinWorkspaceSegments(dir.segments) : dir.rel(name),
          type: entryType(stats),
          size: stats.size,
          mode: stats.mode & 0o7777,
          mtimeMs: stats.mtimeMs,
        };
        if (name !== null && stats.isSymbolicLink()) result.linkTarget = await readlink(dir.child(name));
        return result;
      } finally {
        await dir.handle.close();
      }
    });
  }

  /**
   * Host-side text search (the fallback when the container has no ripgrep):
   * literal text by default, or a regex run under a time limit. Skips
   * binary files, files over maxReadBytes and `.git` internals; never
   * follows symlinks.
   */
  async search(pattern: string, options: SearchOptions = {}): Promise<SearchResult> {
    return explainErrors('search', options.path ?? '.', async () => {
      const limit = clampPositive(options.limit, DEFAULT_SEARCH_LIMIT);
      const context = createContext({ text: '', re: compileSearchPattern(pattern, options), max: 0 });
      const deadline = Date.now() + clampPositive(options.timeoutMs, SEARCH_TIME_BUDGET_MS);
      const glob = options.glob?.trim() || undefined;
      const result: SearchResult = { matches: [], truncated: false, filesSearched: 0, filesSkipped: 0 };

      const searchFile = async (dir: HeldDir, name: string, size: number): Promise<boolean> => {
        const rel = dir.rel(name);
        if (glob && !minimatch(rel, glob, { dot: true, matchBase: !glob.includes('/') })) return true;
        if (result.filesSearched + result.filesSkipped >= SEARCH_MAX_FILES || Date.now() > deadline) {
          result.truncated = true;
          return false;
        }
        const text = size > this.#maxReadBytes ? null : await this.#readTextForSearch(dir, name);
        if (text === null) {
          result.filesSkipped += 1;
          return true;
        }
        result.filesSearched += 1;
        Object.assign(context, { text, max: limit - result.matches.length });
        let found: [number, number, string][];
        try {
          found = MATCH_LINES.runInContext(context, { timeout: Math.max(1, deadline - Date.now()) });
        } catch (error) {
          if (errorCode(error) !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw error;
          throw new ClawdockError(`search for ${JSON.stringify(pattern)} ran out of time in ${toContainerPath(rel)}`, {
            hint: 'simplify the pattern (nested repetition backtracks), narrow the path or glob, or search for literal text',
          });
        }
        for (const [line, column, lineText] of found) {
          result.matches.push({ path: rel, line, column, text: clipLine(lineText.replace(/\r$/, ''), column) });
        }
        if (result.matches.length < limit) return true;
        result.truncated = true;
        return false;
      };

      const requested = options.path ?? '.';
      const { dir, name } = await this.#openParent(requested, { followFinal: true, missing: 'none' });
      try {
        const stats = name === null ? null : await lstat(dir.child(name));
        if (name !== null && stats?.isFile()) {
          await searchFile(dir, name, stats.size);
          return result;
        }
        const top = name === null ? dir : await this.#openChildDir(requested, dir, name);
        try {
          await this.#walk(top, true, false, (entry, parent, entryName) =>
            entry.type === 'file' ? searchFile(parent, entryName, entry.size) : true,
          );
        } finally {
          if (top !== dir) await top.handle.close();
        }
        return result;
      } finally {
        await dir.handle.close();
      }
    });
  }

  #ready(): Promise<WorkspaceRootPaths> {
    this.#root ??= (async () => {
      const given = this.#options.root;
      const real = await realpath(given).catch((error: unknown) => {
        throw new SandboxError(`the workspace folder ${given} cannot be opened`, { cause: error });
      });
      if (real === '/') throw new SandboxError('refused to use / as the workspace root');
      if (!(await stat(real)).isDirectory()) throw new SandboxError(`the workspace root ${given} is not a directory`);
      return { given, real };
    })();
    return this.#root;
  }

  async #openParent(
    requested: string,
    options: { followFinal: boolean; missing: MissingAllowed },
  ): Promise<{ dir: HeldDir; name: string | null }> {
    const { segments } = await this.#resolve(requested, options);
    const name = segments.at(-1) ?? null;
    return { dir: await this.#openDir(requested, segments.slice(0, -1), false), name };
  }

  async #resolve(requested: string, options: { followFinal: boolean; missing: MissingAllowed }) {
    const relative = toWorkspaceRelative(requested);
    return resolveInWorkspace(await this.#ready(), requested, relative, options);
  }

  async #openResolvedDir(requested: string): Promise<HeldDir> {
    const { dir, name } = await this.#openParent(requested, { followFinal: true, missing: 'none' });
    if (name === null) return dir;
    try {
      return await this.#openChildDir(requested, dir, name);
    } finally {
      await dir.handle.close();
    }
  }

  // Walks from the root one name at a time, never following a symlink;
  // with `create`, makes the missing directories on the way.
  async #openDir(requested: string, segments: readonly string[], create: boolean): Promise<HeldDir> {
    const root = await this.#ready();
    const handle = await open(root.real, OPEN_DIR);
    let dir = new HeldDir(handle, [], root.real, this.#viaProc);
    try {
      await this.#verify(requested, handle, root.real);
    } catch (error) {
      await handle.close();
      throw error;
    }
    for (const name of segments) {
      try {
        if (create) {
          await mkdir(dir.child(name)).catch((error: unknown) => {
            if (errorCode(error) !== 'EEXIST') throw error;
          });
        }
        const next = await this.#openChildDir(requested, dir, name);
        await dir.handle.close();
        dir = next;
      } catch (error) {
        await dir.handle.close();
        throw error;
      }
    }
    return dir;
  }

  async #openChildDir(requested: string, dir: HeldDir, name: string): Promise<HeldDir> {
    const handle = await this.#openIn(requested, dir, name, OPEN_DIR);
    return new HeldDir(handle, [...dir.segments, name], dir.hostChild(name), this.#viaProc);
  }

  async #openIn(requested: string, dir: HeldDir, name: string, flags: number, mode?: number): Promise<FileHandle> {
    let handle: FileHandle;
    try {
      handle = await open(dir.child(name), flags, mode);
    } catch (error) {
      const code = errorCode(error);
      // O_NOFOLLOW met a symlink where resolution saw none a moment ago.
      if (code === 'ELOOP') throw swapped(requested);
      if (code === 'ENOTDIR') throw new SandboxError(`not a directory: ${toContainerPath(dir.rel(name))}`, { cause: error });
      if (code === 'ENOENT') throw new SandboxError(`no such file or directory: ${toContainerPath(dir.rel(name))}`, { cause: error });
      throw error;
    }
    try {
      await this.#verify(requested, handle, dir.hostChild(name));
      return handle;
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  // Where is this handle really? /proc tells us; without it, the path we
  // meant must still lead (by realpath) inside the root to the same inode,
  // which a fast enough swapper can fake (see the top of this file).
  async #verify(requested: string, handle: FileHandle, expectedHostPath: string): Promise<void> {
    const root = await this.#ready();
    const inside = (p: string) => p === root.real || p.startsWith(`${root.real}/`);
    if (this.#viaProc) {
      const actual = await readlink(`/proc/self/fd/${handle.fd}`);
      if (!inside(actual)) throw swapped(requested);
      return;
    }
    const [actual, held] = await Promise.all([realpath(expectedHostPath).catch(() => ''), handle.stat()]);
    const there = actual === '' ? null : await stat(actual).catch(() => null);
    if (!inside(actual) || there === null || there.dev !== held.dev || there.ino !== held.ino) throw swapped(requested);
  }

  #requireWritable(requested: string, action: string): void {
    if (this.#options.access === 'rw') return;
    throw new SandboxError(`refused to ${action} ${JSON.stringify(requested)}: the workspace is read-only for this sandbox`, {
      hint: 'the sandbox was started with workspace access `ro`; switch it to `rw` to allow changes',
    });
  }

  // Checks the path as asked and as resolved, and through the places the
  // workspace redirects protected entries to (findProtectedAliases).
  async #requireUnprotected(requested: string, relatives: readonly string[], allowProtected: boolean | undefined): Promise<void> {
    if (allowProtected) return;
    const aliases = await findProtectedAliases(await this.#ready());
    const hit = relatives.find((relative) => isProtectedPathOrAlias(relative, this.#options.protectedPaths, aliases));
    if (hit === undefined) return;
    const where = hit === toWorkspaceRelative(requested) ? '' : ` (${toContainerPath(hit)})`;
    throw new PathEscapeError(requested, `it is a protected path${where}: the host runs or trusts it, so changing it needs the owner's approval`);
  }

  async #requireRegularFile(file: FileHandle, relative: string): Promise<Stats> {
    const stats = await file.stat();
    if (stats.isFile()) return stats;
    const what = stats.isDirectory() ? 'is a directory' : 'is not a regular file';
    throw new SandboxError(`${toContainerPath(relative)} ${what}`);
  }

  // Depth first, sorted by name; `visit` returns false to stop everything.
  async #walk(
    dir: HeldDir,
    recursive: boolean,
    includeGit: boolean,
    visit: (entry: ListEntry, parent: HeldDir, name: string) => boolean | Promise<boolean>,
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
        child = await this.#openChildDir(dir.rel(name), dir, name);
      } catch {
        continue; // no longer a directory in the workspace: nothing to list there
      }
      try {
        if (!(await this.#walk(child, recursive, includeGit, visit))) return false;
      } finally {
        await child.handle.close();
      }
    }
    return true;
  }

  // The file a write will replace: its hash and mode, or null when absent.
  async #describeTarget(requested: string, dir: HeldDir, name: string): Promise<{ sha256: string; mode: number } | null> {
    let file: FileHandle;
    try {
      file = await this.#openIn(requested, dir, name, OPEN_FILE);
    } catch (error) {
      if (errorCode((error as Error).cause) === 'ENOENT') return null;
      throw error;
    }
    try {
      const stats = await this.#requireRegularFile(file, dir.rel(name));
      return { sha256: (await hashFile(file)).sha256, mode: stats.mode & 0o777 };
    } finally {
      await file.close();
    }
  }

  async #replaceIn(requested: string, dir: HeldDir, name: string, data: Buffer, mode: number | null): Promise<void> {
    const temp = `.${name.slice(0, 64)}.clawdock-${randomBytes(6).toString('hex')}.tmp`;
    const file = await this.#openIn(requested, dir, temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode ?? 0o666);
    let renamed = false;
    try {
      await file.writeFile(data);
      // The umask may have narrowed the mode we asked for; keep the original's.
      if (mode !== null) await file.chmod(mode);
      await file.datasync();
      await rename(dir.child(temp), dir.child(name));
      renamed = true;
    } finally {
      await file.close();
      if (!renamed) await unlink(dir.child(temp)).catch(() => undefined);
    }
  }

  // Whole file as text, or null when it is binary or grew past the limit.
  async #readTextForSearch(dir: HeldDir, name: string): Promise<string | null> {
    let file: FileHandle;
    try {
      file = await this.#openIn(dir.rel(name), dir, name, OPEN_FILE);
    } catch {
      return null; // vanished or swapped since listing: skip it, never follow it
    }
    try {
      const stats = await file.stat();
      if (!stats.isFile()) return null;
      const buffer = Buffer.alloc(this.#maxReadBytes + 1);
      const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
      if (bytesRead > this.#maxReadBytes) return null;
      const data = buffer.subarray(0, bytesRead);
      return data.subarray(0, BINARY_SNIFF_BYTES).includes(0) ? null : data.toString('utf8');
    } finally {
      await file.close();
    }
  }
}

// Node's own errors name host paths and errno codes; the agent should see
// what failed in /workspace terms, with the original kept as the cause.
async function explainErrors<T>(action: string, requested: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ClawdockError) throw error;
    const code = errorCode(error);
    const what = (code && ERRNO_TEXT[code]) ?? code ?? 'unexpected error';
    throw new SandboxError(`cannot ${action} ${JSON.stringify(requested)}: ${what}`, { cause: error });
  }
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory (it may have just been removed or renamed)',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'a name is too long',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files',
  EINVAL: 'the path changed during the operation',
};

function swapped(requested: string): PathEscapeError {
  return new PathEscapeError(
    requested,
    'the path changed while it was being opened (a symbolic link or a moved directory took its place); nothing was read or written through it',
  );
}

function entryType(stats: Stats): EntryType {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'dir';
  if (stats.isSymbolicLink()) return 'symlink';
  return 'other';
}

function clampPositive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

// Hashes the whole file and keeps the bytes in [start, start + limit).
async function hashFile(file: FileHandle, start = 0, limit = 0): Promise<{ sha256: string; size: number; window: Buffer; head: Buffer }> {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(HASH_CHUNK_BYTES);
  const window = Buffer.alloc(limit);
  let head = Buffer.alloc(0);
  let windowBytes = 0;
  let position = 0;
  for (;;) {
    const { bytesRead } = await file.read(chunk, 0, chunk.length, position);
    if (bytesRead === 0) break;
    const bytes = chunk.subarray(0, bytesRead);
    hash.update(bytes);
    if (position < BINARY_SNIFF_BYTES) head = Buffer.concat([head, bytes.subarray(0, BINARY_SNIFF_BYTES - position)]);
    const from = Math.max(start, position);
    const to = Math.min(start + limit, position + bytesRead);
    if (to > from) windowBytes += bytes.copy(window, from - start, from - position, to - position);
    position += bytesRead;
  }
  return { sha256: hash.digest('hex'), size: position, window: window.subarray(0, windowBytes), head };
}

async function readSlice(file: FileHandle, start: number, limit: number): Promise<Omit<ReadResult, 'path'>> {
  // Three bytes past the limit, so a page too small for one character can still return it whole.
  const { sha256, size, window, head } = await hashFile(file, start, limit + 3);
  // Never cut a UTF-8 character in two: skip continuation bytes at the start,
  // end before an incomplete character (the next page gets it whole).
  let from = 0;
  if (start > 0) while (from < window.length && from < 3 && isContinuation(window[from])) from += 1;
  let to = Math.min(window.length, limit);
  if (to < window.length) {
    to = completeUtf8End(window.subarray(0, to), from);
    if (to <= from) to = Math.min(window.length, from + utf8Length(window[from] ?? 0));
  }
  const slice = window.subarray(from, to);
  const base = { offset: Math.min(start, size) + from, bytes: slice.length, size, truncated: start + to < size, sha256 };
  if (head.includes(0) || slice.includes(0)) return { ...base, content: '', binary: true };
  try {
    return { ...base, content: new TextDecoder('utf-8', { fatal: true }).decode(slice), binary: false };
  } catch {
    return { ...base, content: '', binary: true };
  }
}

function utf8Length(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

function completeUtf8End(bytes: Buffer, from: number): number {
  for (let i = bytes.length - 1; i >= Math.max(from, bytes.length - 4); i -= 1) {
    const byte = bytes[i] as number;
    if (isContinuation(byte)) continue;
    return i + utf8Length(byte) <= bytes.length ? bytes.length : i;
  }
  return bytes.length;
}

function compileSearchPattern(pattern: string, options: SearchOptions): RegExp {
  if (typeof pattern !== 'string' || pattern === '') throw new ClawdockError('the search pattern is empty');
  const source = options.regex ? pattern : pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  try {
    return new RegExp(source, options.ignoreCase ? 'i' : '');
  } catch (error) {
    throw new ClawdockError(`invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`, {
      hint: 'fix the pattern, or search for literal text',
    });
  }
}

// Long lines (minified code) would flood the result: keep a window around the match.
function clipLine(line: string, column: number): string {
  if (line.length <= 400) return line;
  const from = Math.max(0, column - 100);
  return `${from > 0 ? '…' : ''}${line.slice(from, from + 400)}…`;
}
