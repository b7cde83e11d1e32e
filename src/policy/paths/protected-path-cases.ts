// The one table of protected-path cases. Every place that decides whether a
// path is host-executed runs it: the matcher itself, the policy (commands and
// file tools), the host-side file guard, and the shadow workspace's change sets.

/** Paths the host runs or trusts: always held for the owner's own approval. */
export const HELD_PATHS: readonly string[] = [
  '.git',
  '.git/config',
  '.git/hooks/pre-commit',
  '.git/hooks',
  '.git/commondir',
  '.git/config.worktree',
  '.git/info/exclude',
  '.git/modules/m/config',
  '.git/modules/m/hooks/post-checkout',
  '.git/worktrees/w/gitdir',
  '.git/rebase-merge/git-rebase-todo',
  '.git/configs',
  'sub/.git',
  'sub/.git/config',
  'vendor/lib/.git/hooks/post-merge',
  '.vscode',
  '.vscode/settings.json',
  '.vscode/tasks.json',
  'src/.vscode/settings.json',
  'x.code-workspace',
  'sub/x.code-workspace',
  '.devcontainer/devcontainer.json',
  '.devcontainer.json',
  'pkg/.devcontainer.json',
  '.husky/pre-commit',
  '.envrc',
  'app/.envrc',
  '.github/workflows/ci.yml',
  // Spellings a case-insensitive or normalising host treats as the same name.
  '.VSCode/tasks.json',
  '.GIT/CONFIG',
  '.git./config',
  '.git /config',
  '.g\u200cit/config',
  '.v\u017Fcode/settings.json',
  './.vscode//./settings.json',
  'X.CODE-WORKSPACE',
];

/** Paths that are ordinary content, git's own data included. */
export const ORDINARY_PATHS: readonly string[] = [
  'src/index.ts',
  'README.md',
  '.gitignore',
  '.gitattributes',
  '.gitmodules',
  '.vscodeignore',
  'docs/.vscode-notes.md',
  '.git/HEAD',
  '.git/index',
  '.git/ORIG_HEAD',
  '.git/FETCH_HEAD',
  '.git/packed-refs',
  '.git/COMMIT_EDITMSG',
  '.git/objects/ab/cdef0123',
  '.git/objects',
  '.git/refs/heads/main',
  '.git/logs/HEAD',
  'sub/.git/objects/12/3456',
  'envrc',
  '.github/dependabot.yml',
  'husky/x',
];

/** User globs and what they add: `[glob, held, ordinary]`; a glob without a slash matches at any depth. */
export const USER_GLOB_CASES: readonly (readonly [string, readonly string[], readonly string[]])[] = [
  ['Makefile', ['Makefile', 'sub/Makefile'], ['Makefile.am']],
  ['scripts/**', ['scripts', 'scripts/deploy.sh'], ['sub/scripts/deploy.sh', 'src/a.ts']],
  ['./ci/**', ['ci/run.sh'], ['x/ci/run.sh']],
  ['/ci/**', ['ci/run.sh'], []],
  ['**/deploy.sh', ['deploy.sh', 'a/b/deploy.sh'], ['deploy.sh.bak']],
  ['!src/a.ts', [], ['src/a.ts']],
  ['', [], ['src/a.ts']],
];
