// Protected paths: files the host itself executes or trusts (editor settings
// and tasks, git hooks and config, workspace files, dev containers). The
// agent may read them but never create, change or remove them without the
// owner's explicit approval (DESIGN.md, "Sandbox contract").
import { lstat, readdir, readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { joinWorkspaceSegments, resolveInWorkspace, toWorkspaceRelative } from './workspace-path';
import type { WorkspaceRootPaths } from './workspace-path';
import { compileProtectedPaths, DEFAULT_PROTECTED_PATHS, foldPath, type PathGlobs } from '../policy';

/** Globs (relative to the workspace root, POSIX) of what the host runs or trusts; matched at any depth. */
export { DEFAULT_PROTECTED_PATHS };

// Compiled matchers per list of user globs: the file guard asks on every write.
const matchers = new Map<string, PathGlobs>();

function matcherFor(extraGlobs: readonly string[]): PathGlobs {
  const key = JSON.stringify(extraGlobs);
  let m = matchers.get(key);
  if (!m) {
    m = compileProtectedPaths(extraGlobs);
    if (matchers.size > 32) matchers.clear();
    matchers.set(key, m);
  }
  return m;
}

/**
 * Whether a workspace-relative POSIX path (as toWorkspaceRelative returns
 * it) is protected by the defaults or by `extraGlobs` — the policy's one
 * matcher (src/policy/paths/protected-paths.ts), so the file guard, the
 * mounts, the change sets and the policy always agree.
 */
export function isProtectedPath(relPosixPath: string, extraGlobs: readonly string[] = []): boolean {
  return matcherFor(extraGlobs).match(relPosixPath) !== undefined;
}

/** Folds a relative path the way a case-insensitive, normalising filesystem would compare it (one folding, the policy's). */
export const foldForComparison: (relPosixPath: string) => string = foldPath;

/** A protected entry that is really somewhere else in the workspace: `from` (protected) lives at `to`. */
export interface ProtectedAlias {
  readonly from: string;
  readonly to: string;
}

// Protected entries worth looking behind; globs cannot be enumerated, these can.
const ALIASABLE_ENTRIES = ['.vscode', '.devcontainer', '.git', '.git/hooks', '.git/config'];

/**
 * Where the protected paths really are when the workspace redirects them,
 * so a write cannot reach them under another name: a protected entry that
 * is a symlink into the workspace (`.vscode -> config/vscode`), a `.git`
 * *file* whose `gitdir:` points into the workspace (the `.bare` layout), and
 * git's `core.hooksPath` (husky's `.husky`), whose hooks the host's git runs.
 * Targets outside the workspace need no alias: nothing can write there.
 */
export async function findProtectedAliases(root: WorkspaceRootPaths): Promise<ProtectedAlias[]> {
  const aliases: ProtectedAlias[] = [];
  const add = (from: string, to: string | null) => {
    if (to !== null && foldForComparison(to) !== foldForComparison(from)) aliases.push({ from, to });
  };
  const topLevel = await readdir(root.real).catch(() => [] as string[]);
  const entries = [...ALIASABLE_ENTRIES, ...topLevel.filter((name) => /\.code-workspace$/i.test(name))];
  for (const entry of entries) {
    const stats = await lstat(posix.join(root.real, entry)).catch(() => null);
    if (stats?.isSymbolicLink()) add(entry, await resolveQuietly(root, entry));
  }
  const gitFile = await readSmallFile(posix.join(root.real, '.git'));
  const gitdir = gitFile === null ? null : /^gitdir:\s*(.+?)\s*$/m.exec(gitFile)?.[1];
  const gitdirRel = gitdir ? await resolveQuietly(root, gitdir) : null;
  add('.git', gitdirRel);
  const config = await readSmallFile(posix.join(root.real, gitdirRel ?? '.git', 'config'));
  const hooksPath = config === null ? null : findHooksPath(config);
  if (hooksPath) add('.git/hooks', await resolveQuietly(root, hooksPath));
  return aliases;
}

/** isProtectedPath, also seen through each alias (a path under `to` is checked as if under `from`). */
export function isProtectedPathOrAlias(relPosixPath: string, extraGlobs: readonly string[], aliases: readonly ProtectedAlias[]): boolean {
  if (isProtectedPath(relPosixPath, extraGlobs)) return true;
  const folded = foldForComparison(relPosixPath);
  return aliases.some(({ from, to }) => {
    const target = foldForComparison(to);
    if (target === '' || target === '.') return true; // an alias of the whole workspace: protect everything
    if (folded !== target && !folded.startsWith(`${target}/`)) return false;
    return isProtectedPath(`${from}${folded.slice(target.length)}`, extraGlobs);
  });
}

// A path as git or a link would name it (relative to the workspace root,
// /workspace/…, or the host path) → workspace-relative, or null if outside.
async function resolveQuietly(root: WorkspaceRootPaths, target: string): Promise<string | null> {
  let relative = target;
  for (const prefix of [root.real, root.given]) {
    if (target === prefix || target.startsWith(`${prefix}/`)) relative = `/workspace${target.slice(prefix.length)}`;
  }
  try {
    const resolved = await resolveInWorkspace(root, target, toWorkspaceRelative(relative), { followFinal: true, missing: 'parents' });
    return joinWorkspaceSegments(resolved.segments);
  } catch {
    return null;
  }
}

// [core] hooksPath = …, as git-config writes it (keys are case-insensitive).
function findHooksPath(config: string): string | null {
  let inCore = false;
  let found: string | null = null;
  for (const raw of config.split('\n')) {
    const line = raw.trim();
    const section = /^\[\s*([^\]\s"]+)/.exec(line);
    if (section) inCore = (section[1] ?? '').toLowerCase() === 'core';
    const entry = inCore ? /^hookspath\s*=\s*"?(.*?)"?\s*$/i.exec(line) : null;
    if (entry?.[1]) found = entry[1]; // the last one wins, as in git
  }
  return found;
}

async function readSmallFile(path: string): Promise<string | null> {
  const stats = await lstat(path).catch(() => null);
  if (!stats?.isFile() || stats.size > 64 * 1024) return null;
  return readFile(path, 'utf8').catch(() => null);
}
