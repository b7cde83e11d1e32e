import { Minimatch } from 'minimatch';
import type { DecisionSource } from '../verdict';

/** A glob and the layer that added it. */
export interface SourcedGlob {
  readonly glob: string;
  readonly source: DecisionSource;
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
 * Compiles globs. A glob without a slash matches the name in any directory
 * (`.env` means `**\/.env`); `dir/**` also matches `dir` itself, so the
 * directory cannot be replaced wholesale.
 */
export function compilePathGlobs(globs: readonly SourcedGlob[]): PathGlobs {
  const compiled = globs.map((g) => {
    const pattern = g.glob.trim().normalize('NFKC').replace(/^(\.\/|\/)+/, '');
    const options = { ...MATCH_OPTIONS, matchBase: !pattern.includes('/') };
    const matchers = [new Minimatch(pattern, options)];
    if (pattern.endsWith('/**')) matchers.push(new Minimatch(pattern.slice(0, -3), options));
    return { glob: g, matchers };
  });
  return {
    globs,
    match(relativePath) {
      const folded = foldPath(relativePath);
      if (folded === '') return undefined;
      for (const c of compiled) if (c.matchers.some((m) => m.match(folded))) return c.glob;
      return undefined;
    },
  };
}
