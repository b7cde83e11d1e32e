// Host-side file operations on the workspace that cannot reach outside it,
// even while something inside the sandbox keeps swapping directories for
// symlinks (DESIGN.md, "Sandbox contract": a host-side guard proven against
// `..`, absolute paths, symlinks and races).
//
// This class coordinates: access and protected-path checks, limits
// (workspace-limits.ts) and errors in /workspace terms (workspace-errors.ts).
// How a name is opened without escaping, and where that is not race-safe, is
// workspace-guard.ts; paging and hashing, workspace-text.ts; the atomic
// replace, workspace-write.ts; walking directories, workspace-walk.ts; text
// search, workspace-search.ts.
import { chmod, lstat, readlink, rename, rm, rmdir, symlink, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { PathEscapeError, SandboxError } from '../core/errors';
import { sha256Hex } from '../core/hash';
import { findProtectedAliases, isProtectedPathOrAlias } from './protected-paths';
import { explainErrors } from './workspace-errors';
import { OPEN_FILE, requireRegularFile, WorkspaceGuard } from './workspace-guard';
import type { GuardKind } from './workspace-guard';
import { clampPositive, DEFAULT_LIST_LIMIT, DEFAULT_MAX_READ_BYTES, DEFAULT_MAX_WRITE_BYTES } from './workspace-limits';
import { errorCode, joinWorkspaceSegments, toContainerPath, toWorkspaceRelative } from './workspace-path';
import { searchWorkspace } from './workspace-search';
import type { SearchOptions, SearchResult } from './workspace-search';
import { hashFile, looksBinary, readTextPage } from './workspace-text';
import type { TextPage } from './workspace-text';
import { entryType, walkDir } from './workspace-walk';
import type { EntryType, ListEntry } from './workspace-walk';
import { describeWriteTarget, replaceFileIn } from './workspace-write';

export type { SearchMatch, SearchOptions, SearchResult } from './workspace-search';
export type { EntryType, ListEntry } from './workspace-walk';

/** How the host-side guard may touch the real folder: `ro` refuses every write. */
export type WorkspaceAccess = 'rw' | 'ro';

/**
 * The host guard's access for a sandbox access mode: `shadow` writes the real
 * folder only when the person applies a change, which this guard then does.
 */
export function hostAccess(mode: 'shadow' | 'rw' | 'ro'): WorkspaceAccess {
  return mode === 'ro' ? 'ro' : 'rw';
}

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
  guard?: GuardKind;
}

/** What read returns: a UTF-8 slice of the file and the hash of the whole file. */
export interface ReadResult extends TextPage {
  /** Workspace-relative path actually read (symlinks inside the workspace followed). */
  path: string;
}

/** What write returns: enough for an audit line and an approval hash. */
export interface WriteResult {
  path: string;
  bytes: number;
  beforeSha256: string | null;
  afterSha256: string;
  created: boolean;
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

/** File operations confined to one workspace folder, for the agent's file tools. */
export class WorkspaceFs {
  readonly #options: WorkspaceFsOptions;
  readonly #guard: WorkspaceGuard;
  readonly #maxReadBytes: number;
  readonly #maxWriteBytes: number;

  constructor(options: WorkspaceFsOptions) {
    this.#guard = new WorkspaceGuard(options.root, options.guard ?? 'auto');
    this.#options = { ...options };
    this.#maxReadBytes = clampPositive(options.maxReadBytes, DEFAULT_MAX_READ_BYTES);
    this.#maxWriteBytes = clampPositive(options.maxWriteBytes, DEFAULT_MAX_WRITE_BYTES);
  }

  /** Whether the guard also holds against symlinks swapped in mid-operation (the /proc/self/fd guard). */
  get raceSafe(): boolean {
    return this.#guard.raceSafe;
  }

  /** Reads a byte range (default from 0, at most maxReadBytes) of a file as UTF-8. */
  async read(path: string, options: { offset?: number; limit?: number } = {}): Promise<ReadResult> {
    return explainErrors('read', path, async () => {
      const start = Math.max(0, Math.floor(options.offset ?? 0));
      const limit = Math.min(this.#maxReadBytes, Math.max(1, Math.floor(options.limit ?? this.#maxReadBytes)));
      const { dir, name } = await this.#guard.openParent(path, { followFinal: true, missing: 'none' });
      try {
        if (name === null) throw new SandboxError(`is a directory: ${toContainerPath(joinWorkspaceSegments(dir.segments))}`);
        const file = await this.#guard.openIn(path, dir, name, OPEN_FILE);
        try {
          await requireRegularFile(file, dir.rel(name));
          return { path: dir.rel(name), ...(await readTextPage(file, start, limit)) };
        } finally {
          await file.close();
        }
      } finally {
        await dir.handle.close();
      }
    });
  }

  /**
   * Reads a whole regular file as bytes (at most `maxBytes`), never following
   * a final symlink: for copying a file out of the shadow layer byte for byte.
   */
  async readBytes(path: string, maxBytes = this.#maxWriteBytes): Promise<{ path: string; data: Buffer; sha256: string; mode: number; binary: boolean }> {
    return explainErrors('read', path, async () => {
      const { dir, name } = await this.#guard.openParent(path, { followFinal: false, missing: 'none' });
      try {
        if (name === null) throw new SandboxError(`is a directory: ${toContainerPath(joinWorkspaceSegments(dir.segments))}`);
        const file = await this.#guard.openIn(path, dir, name, OPEN_FILE);
        try {
          const stats = await requireRegularFile(file, dir.rel(name));
          if (stats.size > maxBytes) throw new SandboxError(`${toContainerPath(dir.rel(name))} is ${stats.size} bytes, more than the ${maxBytes}-byte limit`);
          const { sha256, window, size } = await hashFile(file, 0, maxBytes);
          if (size > maxBytes) throw new SandboxError(`${toContainerPath(dir.rel(name))} grew past the ${maxBytes}-byte limit while it was read`);
          return { path: dir.rel(name), data: Buffer.from(window), sha256, mode: stats.mode & 0o777, binary: looksBinary(window) };
        } finally {
          await file.close();
        }
      } finally {
        await dir.handle.close();
      }
    });
  }

  /** Creates or replaces a symbolic link (never following one) with `target` as written. */
  async symlink(path: string, target: string, options: { allowProtected?: boolean } = {}): Promise<void> {
    return explainErrors('write', path, async () => {
      this.#requireWritable(path, 'write');
      await this.#requireUnprotected(path, [toWorkspaceRelative(path)], options.allowProtected);
      const { dir, name } = await this.#guard.openParent(path, { followFinal: false, missing: 'final' });
      try {
        if (name === null) throw new SandboxError('cannot replace the workspace root with a link');
        const temp = `.${name.slice(0, 64)}.clawdock-${randomBytes(6).toString('hex')}.link`;
        await symlink(target, dir.child(temp));
        await rename(dir.child(temp), dir.child(name)).catch(async (error: unknown) => {
          await unlink(dir.child(temp)).catch(() => undefined);
          throw error;
        });
      } finally {
        await dir.handle.close();
      }
    });
  }

  /** Sets a file's or folder's permission bits (never through a link). */
  async chmod(path: string, mode: number, options: { allowProtected?: boolean } = {}): Promise<void> {
    return explainErrors('write', path, async () => {
      this.#requireWritable(path, 'change');
      await this.#requireUnprotected(path, [toWorkspaceRelative(path)], options.allowProtected);
      const { dir, name } = await this.#guard.openParent(path, { followFinal: false, missing: 'none' });
      try {
        if (name === null) throw new SandboxError('cannot change the workspace root\'s mode');
        if ((await lstat(dir.child(name))).isSymbolicLink()) throw new SandboxError(`${toContainerPath(dir.rel(name))} is a link; its mode is not its own`);
        await chmod(dir.child(name), mode & 0o777);
      } finally {
        await dir.handle.close();
      }
    });
  }

  /** Creates a folder (and its parents). */
  async mkdir(path: string, options: { allowProtected?: boolean; mode?: number } = {}): Promise<void> {
    return explainErrors('write', path, async () => {
      this.#requireWritable(path, 'create');
      const resolved = await this.#guard.resolve(path, { followFinal: false, missing: 'parents' });
      const created = resolved.segments.map((_, i) => joinWorkspaceSegments(resolved.segments.slice(0, i + 1))).slice(-Math.max(1, resolved.missing));
      await this.#requireUnprotected(path, [toWorkspaceRelative(path), ...created], options.allowProtected);
      const dir = await this.#guard.openDir(path, resolved.segments, true);
      await dir.handle.close();
      if (options.mode !== undefined) await chmod(dir.self(), options.mode & 0o777).catch(() => undefined);
    });
  }

  /** Removes a folder and everything in it (links inside are removed, never followed). */
  async removeTree(path: string, options: { allowProtected?: boolean } = {}): Promise<void> {
    return explainErrors('remove', path, async () => {
      this.#requireWritable(path, 'remove');
      await this.#requireUnprotected(path, [toWorkspaceRelative(path)], options.allowProtected);
      const { dir, name } = await this.#guard.openParent(path, { followFinal: false, missing: 'none' });
      try {
        if (name === null) throw new PathEscapeError(path, 'the workspace root itself cannot be removed');
        // rm does not follow links inside the tree; the held parent keeps the path from being redirected above it.
        await rm(dir.child(name), { recursive: true, force: false });
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
    options: { allowProtected?: boolean; createParents?: boolean; expectedSha256?: string | null; mode?: number } = {},
  ): Promise<WriteResult> {
    return explainErrors('write', path, async () => {
      this.#requireWritable(path, 'write');
      const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
      if (data.length > this.#maxWriteBytes) {
        throw new SandboxError(`refused to write ${data.length} bytes to ${JSON.stringify(path)}: more than the ${this.#maxWriteBytes}-byte limit`);
      }
      const resolved = await this.#guard.resolve(path, { followFinal: true, missing: options.createParents ? 'parents' : 'final' });
      const segments = resolved.segments;
      // Check every name this write would create as well as the file: making
      // a `.git` directory on the way is as bad as writing `.git/config`.
      const created = segments.map((_, i) => joinWorkspaceSegments(segments.slice(0, i + 1))).slice(-Math.max(1, resolved.missing));
      await this.#requireUnprotected(path, [toWorkspaceRelative(path), ...created], options.allowProtected);
      const name = segments.at(-1);
      if (name === undefined) throw new SandboxError('cannot write to the workspace root: it is a directory');
      const dir = await this.#guard.openDir(path, segments.slice(0, -1), Boolean(options.createParents));
      try {
        const before = await describeWriteTarget(this.#guard, path, dir, name);
        if (options.expectedSha256 !== undefined && options.expectedSha256 !== (before?.sha256 ?? null)) {
          throw new SandboxError(`${toContainerPath(dir.rel(name))} changed since it was read; refused to overwrite it`, {
            hint: 'read it again and redo the edit',
          });
        }
        await replaceFileIn(this.#guard, path, dir, name, data, options.mode !== undefined ? options.mode & 0o777 : (before?.mode ?? null));
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
      const { dir, name } = await this.#guard.openParent(path, { followFinal: false, missing: 'none' });
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
      const dir = await this.#guard.openResolvedDir(path);
      const entries: ListEntry[] = [];
      let truncated = false;
      try {
        await walkDir(this.#guard, dir, Boolean(options.recursive), Boolean(options.includeGit), (entry) => {
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
      const { dir, name } = await this.#guard.openParent(path, { followFinal: false, missing: 'none' });
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
    return explainErrors('search', options.path ?? '.', () => searchWorkspace(this.#guard, pattern, options, this.#maxReadBytes));
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
    const aliases = await findProtectedAliases(await this.#guard.root());
    const hit = relatives.find((relative) => isProtectedPathOrAlias(relative, this.#options.protectedPaths, aliases));
    if (hit === undefined) return;
    const where = hit === toWorkspaceRelative(requested) ? '' : ` (${toContainerPath(hit)})`;
    throw new PathEscapeError(requested, `it is a protected path${where}: the host runs or trusts it, so changing it needs the owner's approval`);
  }
}
