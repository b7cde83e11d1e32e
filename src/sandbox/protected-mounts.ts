import { lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { minimatch } from 'minimatch';
import { ConfigError } from '../core/errors';

/** One read-only overlay inside /workspace. */
export interface ProtectedMount {
  /** Path relative to the workspace root (POSIX). */
  readonly path: string;
  /**
   * `bind`: the host entry mounted read-only onto itself; `placeholder`: an empty
   * read-only tmpfs where nothing (or an empty folder) is; `anchor`: a parent
   * folder bound read-write onto itself, only so it becomes a mount point that
   * cannot be renamed away with the protected entries inside it.
   */
  readonly kind: 'bind' | 'placeholder' | 'anchor';
}

type EntryKind = 'dir' | 'empty-dir' | 'file' | 'symlink' | 'absent' | 'other';

function entryKind(path: string): EntryKind {
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return 'symlink';
    if (st.isDirectory()) return readdirSync(path).length === 0 ? 'empty-dir' : 'dir';
    if (st.isFile()) return 'file';
    return 'other';
  } catch {
    return 'absent';
  }
}

const GLOB_CHARS = /[*?[\]{}!]/;
/** How deep a user glob is looked for in the workspace when the container is planned. */
const GLOB_SCAN_DEPTH = 4;
const GLOB_SCAN_LIMIT = 64;

/**
 * Plans the read-only overlays that keep what the host itself executes or
 * trusts out of the container's reach in `rw` mode. An overlay exists whether
 * or not the protected entry exists: an absent folder gets an empty read-only
 * placeholder, so the container cannot create it either. A mount point cannot
 * be removed or renamed from inside, so the overlay cannot be undone.
 */
export function planProtectedMounts(root: string, extraGlobs: readonly string[]): ProtectedMount[] {
  const mounts = new Map<string, ProtectedMount>();
  const add = (path: string, kind: ProtectedMount['kind']) => mounts.set(path, { path, kind });

  /** A folder that must stay read-only whether or not it exists. */
  const protectFolder = (rel: string) => {
    const kind = entryKind(join(root, rel));
    if (kind === 'symlink') {
      throw new ConfigError('clawdock.sandbox.workspaceAccess', `the protected path ${rel} is a symbolic link, which cannot be overlaid safely`, 'replace the link with a real folder, or use `ro` access');
    }
    add(rel, kind === 'dir' || kind === 'file' ? 'bind' : 'placeholder');
  };

  protectFolder('.vscode');
  protectFolder('.devcontainer');
  /** A host-executed entry that is overlaid only when it exists (a placeholder would change what the host sees). */
  const protectIfPresent = (rel: string) => {
    const kind = entryKind(join(root, rel));
    if (kind === 'symlink') throw new ConfigError('clawdock.sandbox.workspaceAccess', `the protected path ${rel} is a symbolic link, which cannot be overlaid safely`, 'replace the link with a real file or folder, or use the default `shadow` access');
    if (kind === 'dir' || kind === 'file' || kind === 'empty-dir') add(rel, 'bind');
  };
  for (const rel of ['.devcontainer.json', '.envrc', '.husky', '.github/workflows']) protectIfPresent(rel);

  const git = entryKind(join(root, '.git'));
  if (git === 'file' || git === 'symlink') {
    // A worktree's or submodule's `gitdir:` pointer: rewriting it would point git at a config the container wrote.
    if (git === 'symlink') throw new ConfigError('clawdock.sandbox.workspaceAccess', '.git is a symbolic link, which cannot be overlaid safely', 'use `ro` access for this workspace');
    add('.git', 'bind');
  } else if (git === 'dir') {
    const config = entryKind(join(root, '.git', 'config'));
    if (config === 'file') {
      add('.git/config', 'bind');
      protectFolder('.git/hooks');
      // What else makes the host's git run a program: other repositories' config and hooks, pointers, per-worktree config.
      for (const rel of ['.git/info', '.git/modules', '.git/worktrees']) protectFolder(rel);
      for (const rel of ['.git/commondir', '.git/config.worktree']) protectIfPresent(rel);
    } else {
      add('.git', 'bind');
    }
  } else {
    // No repository yet: `git init` inside the sandbox would write hooks and config the host later runs.
    add('.git', 'placeholder');
  }

  for (const name of safeReaddir(root)) {
    if (name.endsWith('.code-workspace') && entryKind(join(root, name)) === 'file') add(name, 'bind');
  }

  for (const glob of extraGlobs) {
    const clean = glob.replace(/^\.?\/+/, '').replace(/\/\*\*$/, '');
    if (!GLOB_CHARS.test(clean)) {
      if (clean && !clean.split('/').includes('..')) protectFolder(clean);
      continue;
    }
    for (const match of scanGlob(root, glob)) add(match, 'bind');
  }
  anchorParents(root, mounts);
  return [...mounts.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Linux refuses to rename a mount point but not a folder that merely contains
 * one: `mv .git .git-old && mkdir .git` would put a writable `.git/config` back.
 * Every parent of a protected entry inside the workspace becomes a mount point.
 */
function anchorParents(root: string, mounts: Map<string, ProtectedMount>): void {
  for (const { path } of [...mounts.values()]) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (mounts.has(parent)) continue;
      const kind = entryKind(join(root, parent));
      if (kind === 'symlink' || kind === 'file' || kind === 'other') {
        throw new ConfigError('clawdock.sandbox.protectedPaths', `the parent ${parent} of the protected path ${path} is not a real folder`, 'replace it with a folder, or use `ro` access');
      }
      // The engine needs the source to exist; the folder is the user's own protected path's parent.
      if (kind === 'absent') mkdirSync(join(root, parent), { recursive: true });
      mounts.set(parent, { path: parent, kind: 'anchor' });
    }
  }
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/** Existing entries matching a glob, found without following symlinks, bounded in depth and count. */
function scanGlob(root: string, glob: string): string[] {
  const found: string[] = [];
  const walk = (rel: string, depth: number) => {
    if (depth > GLOB_SCAN_DEPTH || found.length >= GLOB_SCAN_LIMIT) return;
    for (const name of safeReaddir(join(root, rel))) {
      if (name === 'node_modules' || (rel === '' && name === '.git')) continue;
      const child = rel ? `${rel}/${name}` : name;
      const kind = entryKind(join(root, child));
      if (kind === 'symlink' || kind === 'other') continue;
      if (minimatch(child, glob, { dot: true, nocase: true })) {
        if (kind !== 'absent') found.push(child);
        continue;
      }
      if (kind === 'dir') walk(child, depth + 1);
    }
  };
  walk('', 0);
  return found;
}
