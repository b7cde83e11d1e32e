// What a path the agent sent means inside the workspace: first lexically
// (a normalised POSIX path relative to /workspace, or a refusal), then with
// the workspace's symlinks followed while they stay inside. No filesystem
// access but lstat/readlink to follow symlinks; opening safely is
// WorkspaceFs's job.
import type { Stats } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import { posix } from 'node:path';
import { PathEscapeError, SandboxError } from '../core/errors';
import { readWorkspacePath, WORKSPACE_ROOT } from '../core/workspace-path';

/** Where the workspace is mounted inside the sandbox container. */
export const WORKSPACE_MOUNT = WORKSPACE_ROOT;

/** The workspace root, as toWorkspaceRelative returns it. */
export const WORKSPACE_ROOT_REL = '.';

/**
 * Maps a path relative to /workspace, or absolute under it, to a normalised
 * POSIX path relative to the workspace root, with the one workspace-path
 * reading (src/core/workspace-path.ts; a leading `~` is a name here). The
 * root itself is `'.'` (never `''`, so a falsy check cannot mistake the root
 * for "no path"). Throws PathEscapeError with the reason when it is refused.
 */
export function toWorkspaceRelative(requested: string): string {
  const r = readWorkspacePath(requested, { tildeIsHome: false });
  if (!r.ok) throw new PathEscapeError(String(requested), r.reason);
  return r.relative;
}

/** Splits a workspace-relative path (from toWorkspaceRelative) into its names; the root has none. */
export function workspaceSegments(relative: string): string[] {
  return relative === WORKSPACE_ROOT_REL || relative === '' ? [] : relative.split('/');
}

/** Joins names back into a workspace-relative path; no names is the root. */
export function joinWorkspaceSegments(segments: readonly string[]): string {
  return segments.length === 0 ? WORKSPACE_ROOT_REL : segments.join('/');
}

/** How a workspace-relative path looks from inside the container, for messages. */
export function toContainerPath(relative: string): string {
  return relative === WORKSPACE_ROOT_REL || relative === '' ? WORKSPACE_MOUNT : `${WORKSPACE_MOUNT}/${relative}`;
}

/** Which missing names resolveInWorkspace accepts: none, only the last one, or any (to be created). */
export type MissingAllowed = 'none' | 'final' | 'parents';

/** A workspace path after its symlinks were followed, as names from the root. */
export interface ResolvedWorkspacePath {
  /** Names from the workspace root to the entry; none for the root. */
  readonly segments: readonly string[];
  /** How many trailing names do not exist yet. */
  readonly missing: number;
}

/** Where the workspace lives on the host, as WorkspaceFs knows it. */
export interface WorkspaceRootPaths {
  /** realpath of the workspace root. */
  readonly real: string;
  /** The root as configured, which may differ from `real` by symlinks. */
  readonly given: string;
}

// Linux gives up after 40 links (MAXSYMLINKS); so do we, which also ends loops.
const MAX_SYMLINK_HOPS = 40;

/**
 * Follows the symlinks of a workspace-relative path one name at a time, as
 * securejoin does: each name is lstat'ed; a symlink is followed only while
 * its target stays inside the workspace (relative targets from the link's
 * directory; absolute ones only under /workspace or the host root); `..`
 * from a link target pops an already-resolved name and may not climb above
 * the root. `followFinal: false` leaves a final symlink as is (remove, stat).
 *
 * This decides *what* a path means; it does not make opening it safe, since
 * anything here can change a moment later. WorkspaceFs opens the result
 * without following any symlink and checks where the handle really is.
 */
export async function resolveInWorkspace(
  root: WorkspaceRootPaths,
  requested: string,
  relative: string,
  options: { followFinal: boolean; missing: MissingAllowed },
): Promise<ResolvedWorkspacePath> {
  const pending = workspaceSegments(relative).reverse();
  const done: string[] = [];
  let missing = 0;
  let hops = 0;
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (name === '' || name === '.') continue;
    if (name === '..') {
      // The kernel cannot walk through a missing directory either.
      if (missing > 0) throw notFound(requested, done);
      if (done.length === 0) throw new PathEscapeError(requested, `a symbolic link climbs above ${WORKSPACE_MOUNT}`);
      done.pop();
      continue;
    }
    if (missing > 0) {
      done.push(name);
      missing += 1;
      continue;
    }
    const hostPath = posix.join(root.real, ...done, name);
    let stats: Stats;
    try {
      stats = await lstat(hostPath);
    } catch (error) {
      if (errorCode(error) === 'ENOTDIR') throw notADirectory(done);
      if (errorCode(error) !== 'ENOENT') throw error;
      done.push(name);
      missing = 1;
      continue;
    }
    const isLast = pending.length === 0;
    if (stats.isSymbolicLink() && (!isLast || options.followFinal)) {
      hops += 1;
      if (hops > MAX_SYMLINK_HOPS) {
        throw new PathEscapeError(requested, `more than ${MAX_SYMLINK_HOPS} symbolic links to follow (a loop?)`);
      }
      const target = await readlink(hostPath).catch((error: unknown) => {
        // Not a link any more (changed since the lstat): look at it again.
        if (errorCode(error) === 'EINVAL' || errorCode(error) === 'ENOENT') return null;
        throw error;
      });
      if (target === null) {
        pending.push(name);
        continue;
      }
      const link = toContainerPath(joinWorkspaceSegments([...done, name]));
      const mapped = mapLinkTarget(root, target);
      if (mapped === null) {
        throw new PathEscapeError(requested, `the symbolic link ${link} points outside ${WORKSPACE_MOUNT} (to ${JSON.stringify(target)})`);
      }
      if (mapped.fromRoot) done.length = 0;
      pending.push(...[...mapped.segments].reverse());
      continue;
    }
    if (!isLast && !stats.isDirectory()) throw notADirectory([...done, name]);
    done.push(name);
  }
  if (missing > 0 && (options.missing === 'none' || (options.missing === 'final' && missing > 1))) {
    throw notFound(requested, done.slice(0, done.length - missing + 1));
  }
  return { segments: done, missing };
}

// An absolute target counts only when it names the workspace: as the
// container sees it (/workspace/…, how links made inside look) or as the
// host does. Anything else is outside, whatever it resolves to today.
function mapLinkTarget(root: WorkspaceRootPaths, target: string): { fromRoot: boolean; segments: string[] } | null {
  const segments = target.split('/');
  if (!target.startsWith('/')) return { fromRoot: false, segments };
  for (const prefix of [WORKSPACE_MOUNT, root.real, root.given]) {
    const prefixSegments = prefix.split('/').filter((s) => s !== '');
    const targetSegments = segments.filter((s) => s !== '' && s !== '.');
    const matches = prefixSegments.every((s, i) => targetSegments[i] === s);
    if (matches) return { fromRoot: true, segments: targetSegments.slice(prefixSegments.length) };
  }
  return null;
}

function notADirectory(segments: readonly string[]): SandboxError {
  return new SandboxError(`not a directory: ${toContainerPath(joinWorkspaceSegments(segments))}`);
}

function notFound(requested: string, segments: readonly string[]): SandboxError {
  const where = toContainerPath(joinWorkspaceSegments(segments));
  return new SandboxError(`no such file or directory: ${where} (asked for ${JSON.stringify(requested)})`);
}

/** The `code` of a Node system error, if it has one. */
export function errorCode(error: unknown): string | undefined {
  return error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
