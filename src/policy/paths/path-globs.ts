import { Minimatch } from 'minimatch';
import type { DecisionSource } from '../verdict';

/** A glob and the layer that added it. */
export interface SourcedGlob {
  readonly glob: string;
  readonly source: DecisionSource;
  /** Paths the glob would match that it leaves out (same glob rules), e.g. git's data inside `.git`. */
  readonly except?: readonly string[];
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
export function compilePathGlobs(globs: readonly SourcedGlob[]): PathGlobs {
  const compiled = globs.flatMap((g) => {
    const matchers = globMatchers(g.glob);
    if (matchers.length === 0) return [];
    const except = (g.except ?? []).flatMap(globMatchers);
    return [{ glob: g, literal: longestLiteral(normaliseGlob(g.glob)), matchers, except }];
  });
  return {
    globs,
    match(relativePath) {
      const folded = foldPath(relativePath);
      if (folded === '') return undefined;
      // Most words name no secret at all: a substring test rules a glob out before minimatch runs.
      return compiled.find((c) => folded.includes(c.literal) && c.matchers.some((m) => m.match(folded)) && !c.except.some((m) => m.match(folded)))?.glob;
    },
  };
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
