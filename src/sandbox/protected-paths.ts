// Protected paths: files the host itself executes or trusts (editor settings
// and tasks, git hooks and config, workspace files, dev containers). The
// agent may read them but never create, change or remove them without the
// owner's explicit approval (DESIGN.md, "Sandbox contract").
import { minimatch } from 'minimatch';

/** Globs (relative to the workspace root, POSIX) that are never writable from the sandbox. */
export const DEFAULT_PROTECTED_PATHS: readonly string[] = Object.freeze([
  '.vscode/**',
  '.git/hooks/**',
  '.git/config',
  '*.code-workspace',
  '.devcontainer/**',
]);

// Entries protected in their own right, beyond what the globs match:
// `.git` itself, because a *file* named `.git` is a gitdir pointer that
// would send git to a config and hooks of the agent's choosing, and
// replacing or removing the directory is no better.
const PROTECTED_ENTRIES: readonly string[] = ['.git'];

// Code points that HFS+/APFS ignore in names (the list git uses against
// `.g\u200cit`, CVE-2014-9390): a name containing them is the same entry.
const IGNORABLE_CODE_POINTS = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;

const MATCH_OPTIONS = { dot: true, nocase: true, nonegate: true, nocomment: true } as const;

/**
 * Whether a workspace-relative POSIX path (as toWorkspaceRelative returns
 * it) is protected by the defaults or by `extraGlobs`.
 *
 * Compares case-insensitively and after folding what case-insensitive or
 * normalising host filesystems (macOS, Windows) treat as the same name —
 * Unicode compatibility forms, ignorable code points, trailing dots and
 * spaces — so `.VSCode/tasks.json` or `.git./config` cannot slip past.
 * This can only widen what is protected, never narrow it.
 *
 * A glob ending in `/**` also protects the directory entry itself
 * (`.vscode`, `.git/hooks`), so it cannot be replaced by a file or symlink.
 */
export function isProtectedPath(relPosixPath: string, extraGlobs: readonly string[] = []): boolean {
  const folded = foldForComparison(relPosixPath);
  if (folded === '' || folded === '.') return false;
  if (PROTECTED_ENTRIES.includes(folded)) return true;
  for (const glob of [...DEFAULT_PROTECTED_PATHS, ...extraGlobs]) {
    const pattern = normaliseGlob(glob);
    if (pattern === '') continue;
    if (minimatch(folded, pattern, MATCH_OPTIONS)) return true;
    if (pattern.endsWith('/**') && minimatch(folded, pattern.slice(0, -3), MATCH_OPTIONS)) return true;
  }
  return false;
}

/** Folds a relative path the way a case-insensitive, normalising filesystem would compare it. */
export function foldForComparison(relPosixPath: string): string {
  return relPosixPath
    .normalize('NFKC')
    .replace(IGNORABLE_CODE_POINTS, '')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    // Windows drops trailing dots and spaces from names; `.` and `..` never get here.
    .map((segment) => segment.replace(/[. ]+$/, '') || segment)
    .join('/')
    .toLowerCase();
}

// Settings may be written as `./foo/**` or `/foo/**`; both mean "from the workspace root".
function normaliseGlob(glob: string): string {
  return glob.trim().normalize('NFKC').replace(/^(\.\/|\/)+/, '');
}
