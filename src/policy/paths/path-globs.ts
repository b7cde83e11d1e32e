import { Minimatch } from 'minimatch';
import type { DecisionSource } from '../verdict';

/** A glob and the layer that added it. */
export interface SourcedGlob {
  readonly glob: string;
  readonly source: DecisionSource;
  /** Paths the glob would match that it leaves out (same glob rules), e.g. git's data inside `.git`. */
  readonly except?: readonly string[];
}

/** How a list of globs reads paths. */
export interface PathGlobOptions {
  /**
   * Also match an editor's or a tool's copy of a matching file by its original
   * name (`.env~`, `key.pem.bak`, `#.npmrc#`, `.netrc.orig`, `id_rsa copy`): a
   * copy holds the same secret. For the read-deny list.
   */
  readonly backups?: boolean;
}

/** A compiled list of globs over workspace-relative paths. */
export interface PathGlobs {
  /** The first glob matching a workspace-relative path, or undefined. */
  match(relativePath: string): SourcedGlob | undefined;
  readonly globs: readonly SourcedGlob[];
}

// Case-insensitive and folded the way macOS/Windows hosts compare names, so
// `.VSCode/tasks.json` or `.git./config` cannot slip past a rule (the sandbox's
// protected-paths check folds the same way).
const MATCH_OPTIONS = { dot: true, nocase: true, nonegate: true, nocomment: true } as const;
const IGNORABLE_CODE_POINTS = /[\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g;

/** Folds a workspace-relative path the way a case-insensitive, normalising filesystem compares it. */
export function foldPath(relativePath: string): string {
  return relativePath
    .normalize('NFKC')
    .replace(IGNORABLE_CODE_POINTS, '')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .map((segment) => segment.replace(/[. ]+$/, '') || segment)
    .join('/')
    .toLowerCase();
}

/**
 * Compiles globs, with `.gitignore`'s reading: a glob without a slash matches
 * the name in any directory (`.env` means `**\/.env`), one with a slash is
 * anchored at the workspace root; `dir/**` also matches `dir` itself, so the
 * directory cannot be replaced wholesale. A leading `./` or `/` means the root.
 */
export function compilePathGlobs(globs: readonly SourcedGlob[], options: PathGlobOptions = {}): PathGlobs {
  const compiled = globs.flatMap((g) => {
    const matchers = globMatchers(g.glob);
    if (matchers.length === 0) return [];
    const except = (g.except ?? []).flatMap(globMatchers);
    return [{ glob: g, literal: longestLiteral(normaliseGlob(g.glob)), matchers, except }];
  });
  // Most words name no secret at all: a substring test rules a glob out before minimatch runs.
  const first = (folded: string) => compiled.find((c) => folded.includes(c.literal) && c.matchers.some((m) => m.match(folded)) && !c.except.some((m) => m.match(folded)))?.glob;
  return {
    globs,
    match(relativePath) {
      const folded = foldPath(relativePath);
      if (folded === '') return undefined;
      const found = first(folded);
      if (found || !options.backups) return found;
      const original = backupOriginal(folded);
      return original === undefined ? undefined : first(original);
    },
  };
}

// The decorations editors and tools give a copy of a file: `name~` (vim, emacs, nano, patch),
// `#name#` (emacs autosave), `.#name` (emacs lock), `.bak` `.orig` `.old` `.save` `.backup`
// `.tmp` `.swp` `.swo` `.swx` `.rej` `.copy`, and a desktop's `name copy` / `name (2)`.
const BACKUP_SUFFIX = /(~|\.(bak|orig|old|save|backup|tmp|swp|swo|swx|rej|copy)|\s+copy(\s+\d+)?|\s+\(\d+\))$/;

/** A folded path with its last name's backup decorations taken off, or undefined when it has none. */
function backupOriginal(folded: string): string | undefined {
  const slash = folded.lastIndexOf('/');
  const dir = folded.slice(0, slash + 1);
  let name = folded.slice(slash + 1);
  const start = name;
  for (let i = 0; i < 4; i++) {
    const next = name.replace(/^#(.+)#$/, '$1').replace(/^\.#(.+)$/, '$1').replace(BACKUP_SUFFIX, '');
    if (next === name || next === '') break;
    name = next;
  }
  return name === start ? undefined : dir + name;
}

function normaliseGlob(glob: string): string {
  const pattern = glob.trim().normalize('NFKC').replace(/^(\.\/|\/)+/, '');
  return pattern !== '' && !pattern.includes('/') ? `**/${pattern}` : pattern;
}

function globMatchers(glob: string): Minimatch[] {
  const pattern = normaliseGlob(glob);
  if (pattern === '') return [];
  const variants = pattern.endsWith('/**') ? [pattern, pattern.slice(0, -3)] : [pattern];
  return variants.map((v) => new Minimatch(v, MATCH_OPTIONS));
}

/**
 * The longest run of plain characters in a glob, lowercased: any path the glob
 * matches contains it (braces and classes are alternatives, so they are skipped).
 */
function longestLiteral(pattern: string): string {
  const plain = pattern.replace(/\{[^}]*\}|\[[^\]]*\]|[@!+]\([^)]*\)/g, '*').split(/[*?/]/);
  return plain.reduce((best, part) => (part.length > best.length ? part : best), '').toLowerCase();
}
