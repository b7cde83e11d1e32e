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
  const compiled = globs.flatMap((g) => {
    let pattern = g.glob.trim().normalize('NFKC').replace(/^(\.\/|\/)+/, '');
    if (pattern === '') return [];
    if (!pattern.includes('/')) pattern = `**/${pattern}`;
    const variants = pattern.endsWith('/**') ? [pattern, pattern.slice(0, -3)] : [pattern];
    return [{ glob: g, literal: longestLiteral(pattern), matchers: variants.map((v) => new Minimatch(v, MATCH_OPTIONS)) }];
  });
  return {
    globs,
    match(relativePath) {
      const folded = foldPath(relativePath);
      if (folded === '') return undefined;
      // Most words name no secret at all: a substring test rules a glob out before minimatch runs.
      return compiled.find((c) => folded.includes(c.literal) && c.matchers.some((m) => m.match(folded)))?.glob;
    },
  };
}

/**
 * The longest run of plain characters in a glob, lowercased: any path the glob
 * matches contains it (braces and classes are alternatives, so they are skipped).
 */
function longestLiteral(pattern: string): string {
  const plain = pattern.replace(/\{[^}]*\}|\[[^\]]*\]|[@!+]\([^)]*\)/g, '*').split(/[*?/]/);
  return plain.reduce((best, part) => (part.length > best.length ? part : best), '').toLowerCase();
}
