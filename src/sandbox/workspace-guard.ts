// Opens names inside the workspace so that nothing opened can be outside it,
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
import { constants, existsSync } from 'node:fs';
import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, readlink, realpath, stat } from 'node:fs/promises';
import { posix, resolve as resolveHostPath } from 'node:path';
import { PathEscapeError, SandboxError } from '../core/errors';
import { errorCode, joinWorkspaceSegments, resolveInWorkspace, toContainerPath, toWorkspaceRelative } from './workspace-path';
import type { MissingAllowed, ResolvedWorkspacePath, WorkspaceRootPaths } from './workspace-path';

/** Which guard to use; 'auto' picks proc-fd where /proc/self/fd exists. */
export type GuardKind = 'auto' | 'proc-fd' | 'portable';

const { O_RDONLY, O_NOFOLLOW, O_DIRECTORY, O_NONBLOCK } = constants;
/** Flags to open a file for reading; O_NONBLOCK so that a FIFO planted in the workspace cannot hang an open. */
export const OPEN_FILE = O_RDONLY | O_NOFOLLOW | O_NONBLOCK;
const OPEN_DIR = O_RDONLY | O_DIRECTORY | O_NOFOLLOW;

/** A directory we hold open, and how to name things inside it without re-walking its path. */
export class HeldDir {
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

/** Opens directories and files of one workspace root, refusing anything that leads outside it. */
export class WorkspaceGuard {
  readonly #given: string;
  readonly #viaProc: boolean;
  #root: Promise<WorkspaceRootPaths> | undefined;

  constructor(root: string, kind: GuardKind) {
    if (O_NOFOLLOW === undefined || O_DIRECTORY === undefined) {
      throw new SandboxError('this platform has no O_NOFOLLOW/O_DIRECTORY; host-side file operations are unavailable', {
        hint: 'use the in-container file operations',
      });
    }
    this.#given = resolveHostPath(root);
    this.#viaProc = kind === 'proc-fd' || (kind === 'auto' && existsSync('/proc/self/fd'));
  }

  /** Whether the guard also holds against symlinks swapped in mid-operation (the /proc/self/fd guard). */
  get raceSafe(): boolean {
    return this.#viaProc;
  }

  /** The root as given and as its realpath; checked once, on first use. */
  root(): Promise<WorkspaceRootPaths> {
    this.#root ??= (async () => {
      const given = this.#given;
      const real = await realpath(given).catch((error: unknown) => {
        throw new SandboxError(`the workspace folder ${given} cannot be opened`, { cause: error });
      });
      if (real === '/') throw new SandboxError('refused to use / as the workspace root');
      if (!(await stat(real)).isDirectory()) throw new SandboxError(`the workspace root ${given} is not a directory`);
      return { given, real };
    })();
    return this.#root;
  }

  /** What the requested path means inside the workspace (see resolveInWorkspace). */
  async resolve(requested: string, options: { followFinal: boolean; missing: MissingAllowed }): Promise<ResolvedWorkspacePath> {
    const relative = toWorkspaceRelative(requested);
    return resolveInWorkspace(await this.root(), requested, relative, options);
  }

  /** Holds the parent directory of the resolved path; `name` is null for the root itself. */
  async openParent(
    requested: string,
    options: { followFinal: boolean; missing: MissingAllowed },
  ): Promise<{ dir: HeldDir; name: string | null }> {
    const { segments } = await this.resolve(requested, options);
    const name = segments.at(-1) ?? null;
    return { dir: await this.openDir(requested, segments.slice(0, -1), false), name };
  }

  /** Holds the directory the requested path resolves to. */
  async openResolvedDir(requested: string): Promise<HeldDir> {
    const { dir, name } = await this.openParent(requested, { followFinal: true, missing: 'none' });
    if (name === null) return dir;
    try {
      return await this.openChildDir(requested, dir, name);
    } finally {
      await dir.handle.close();
    }
  }

  // Walks from the root one name at a time, never following a symlink;
  // with `create`, makes the missing directories on the way.
  async openDir(requested: string, segments: readonly string[], create: boolean): Promise<HeldDir> {
    const root = await this.root();
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
        const next = await this.openChildDir(requested, dir, name);
        await dir.handle.close();
        dir = next;
      } catch (error) {
        await dir.handle.close();
        throw error;
      }
    }
    return dir;
  }

  /** Holds the directory `name` inside `dir`; the caller closes both. */
  async openChildDir(requested: string, dir: HeldDir, name: string): Promise<HeldDir> {
    const handle = await this.openIn(requested, dir, name, OPEN_DIR);
    return new HeldDir(handle, [...dir.segments, name], dir.hostChild(name), this.#viaProc);
  }

  /** Opens `name` inside `dir` with O_NOFOLLOW among `flags`, and checks where the handle really is. */
  async openIn(requested: string, dir: HeldDir, name: string, flags: number, mode?: number): Promise<FileHandle> {
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
    const root = await this.root();
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
}

/** The handle's stats when it is a regular file; otherwise says what it is instead. */
export async function requireRegularFile(file: FileHandle, relative: string): Promise<Stats> {
  const stats = await file.stat();
  if (stats.isFile()) return stats;
  const what = stats.isDirectory() ? 'is a directory' : 'is not a regular file';
  throw new SandboxError(`${toContainerPath(relative)} ${what}`);
}

function swapped(requested: string): PathEscapeError {
  return new PathEscapeError(
    requested,
    'the path changed while it was being opened (a symbolic link or a moved directory took its place); nothing was read or written through it',
  );
}
