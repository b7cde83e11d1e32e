import type { PathGlobs } from '../paths/path-globs';

/** The compiled path globs a decision checks. */
export interface PathRules {
  readonly readDeny: PathGlobs;
  readonly protectedPaths: PathGlobs;
}
