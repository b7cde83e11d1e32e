// Host-executed paths: what the host itself runs or trusts when it opens,
// builds or inspects the workspace (VS Code tasks and settings, git's config,
// hooks and pointers, dev containers, direnv, husky, CI workflows). The one
// definition (DESIGN.md, "Sandbox contract"): the policy asks before a command
// or an edit touches one, the host-side file guard refuses them without the
// owner's approval, the `rw` mounts overlay the ones at the root, and the
// shadow workspace's change sets hold every one for its own confirmation.
import { compilePathGlobs } from './path-globs';
import type { PathGlobs, SourcedGlob } from './path-globs';

export type { PathGlobs, SourcedGlob } from './path-globs';

/** One built-in entry: a glob (matched at any depth), what git keeps as plain data inside it, and why it is held. */
export interface HostExecutedGlob {
  readonly glob: string;
  /** Paths inside `glob` that are data, not something the host runs. */
  readonly except?: readonly string[];
  /** What the host does with it, for the confirmation that names the risk. */
  readonly risk: string;
}

// What git keeps in a `.git` folder that it only reads as data. Everything
// else there (config, hooks/, commondir, modules/, worktrees/, info/,
// config.worktree, rebase-merge/git-rebase-todo …) can make the host's own
// git run a program, so it is held.
const GIT_DATA = [
  '**/.git/objects/**',
  '**/.git/refs/**',
  '**/.git/logs/**',
  '**/.git/{index,HEAD,ORIG_HEAD,FETCH_HEAD,packed-refs,COMMIT_EDITMSG}',
];

/** The built-in host-executed paths, each matched at any depth. */
export const HOST_EXECUTED_GLOBS: readonly HostExecutedGlob[] = Object.freeze([
  { glob: '**/.git', risk: 'a new or replaced `.git` makes the host\'s git read a config and hooks of the sandbox\'s choosing (a `.git` file points git anywhere)' },
  { glob: '**/.git/**', except: GIT_DATA, risk: 'the host\'s git runs what its config, hooks, commondir, modules and worktrees name (core.fsmonitor runs on a plain `git status`)' },
  { glob: '**/.vscode/**', risk: 'VS Code runs tasks and launch configurations and applies settings from `.vscode`' },
  { glob: '**/*.code-workspace', risk: 'a workspace file carries settings, tasks and launch configurations VS Code applies' },
  { glob: '**/.devcontainer/**', risk: 'a dev container configuration runs `initializeCommand` on the host' },
  { glob: '**/.devcontainer.json', risk: 'a dev container configuration runs `initializeCommand` on the host' },
  { glob: '**/.husky/**', risk: 'husky\'s hooks run on the host at every commit' },
  { glob: '**/.envrc', risk: 'direnv runs `.envrc` in your shell when you enter the folder' },
  { glob: '**/.github/workflows/**', risk: 'CI workflows run with the repository\'s secrets once pushed' },
]);

/** The built-in globs as plain strings (docs, settings descriptions, `security audit`). */
export const DEFAULT_PROTECTED_PATHS: readonly string[] = Object.freeze(HOST_EXECUTED_GLOBS.map((g) => g.glob));

/**
 * The one protected-path matcher: the built-in host-executed paths plus the
 * user's additions (`clawdock.policy.protectedPaths`,
 * `clawdock.sandbox.protectedPaths`). Globs follow `.gitignore`: one without a
 * slash matches at any depth, one with a slash is anchored at the workspace
 * root (write `**\/` for any depth), and `dir/**` also matches `dir` itself.
 * Paths are compared folded the way case-insensitive, normalising hosts
 * compare names (see foldPath).
 */
export function compileProtectedPaths(extra: readonly (string | SourcedGlob)[] = []): PathGlobs {
  const user = extra.map((g): SourcedGlob => (typeof g === 'string' ? { glob: g, source: 'user' } : g));
  return compilePathGlobs([...BUILTIN_PROTECTED_GLOBS, ...user]);
}

/** The built-in entries as sourced globs, for merging with the settings layers. */
export const BUILTIN_PROTECTED_GLOBS: readonly SourcedGlob[] = Object.freeze(
  HOST_EXECUTED_GLOBS.map((g): SourcedGlob => ({ glob: g.glob, source: 'builtin', ...(g.except ? { except: g.except } : {}) })),
);

/** Why the host would run or trust a path the matcher holds, for a confirmation that names the risk. */
export function protectedPathRisk(glob: SourcedGlob): string {
  return HOST_EXECUTED_GLOBS.find((g) => g.glob === glob.glob && glob.source === 'builtin')?.risk
    ?? `you listed ${glob.glob} in your protected paths (${glob.source} settings)`;
}
