import type { Word } from './word';

/** One simple command a command line would run, after seeing through wrappers. */
export interface SubCommand {
  /** The argv as words (values unquoted; dynamic parts marked). */
  readonly words: readonly Word[];
  /** The argv values, for display and matching. */
  readonly argv: readonly string[];
  /** The wrappers it was found inside, outermost first (e.g. `sudo`, `bash -c`). */
  readonly via: readonly string[];
  /** `NAME=value` assignments in front of it. */
  readonly assignments: readonly string[];
}

/** A redirection in the command line; writes are checked against protected paths. */
export interface Redirect {
  readonly operator: string;
  readonly target: Word;
  /** True when it creates or changes a file (`>`, `>>`, `&>`, `<>`, `>|` …). */
  readonly write: boolean;
  readonly via: readonly string[];
}

/** What kind of thing the analyser noticed beyond plain sub-commands. */
export type AnalysisFindingKind =
  | 'parse-error'
  | 'suspicious-character'
  | 'dynamic-command'
  | 'dynamic-script'
  | 'shell-stdin'
  | 'privileged-wrapper'
  | 'sensitive-variable'
  | 'recursive-function'
  | 'too-deep'
  | 'too-many'
  | 'not-understood'
  | 'evaluated-text'
  | 'shell-dialect';

/** Something about the command line as a whole that needs a person (`ask`) or must not run (`deny`). */
export interface AnalysisFinding {
  readonly kind: AnalysisFindingKind;
  readonly verdict: 'ask' | 'deny';
  readonly reason: string;
}

/** Everything the analyser found in one command line. */
export interface CommandAnalysis {
  readonly source: string;
  readonly subcommands: readonly SubCommand[];
  readonly redirects: readonly Redirect[];
  readonly findings: readonly AnalysisFinding[];
}
