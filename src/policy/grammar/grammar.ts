// A program's option grammar as data (issue 10: "allow means understood"). A
// command is allowed without asking only when its grammar matches every word
// and nothing it touches writes, runs something, or changes state.

/**
 * What a word means to the program:
 * - `value`: text, a number, a pattern or a format — no file.
 * - `read`: a file whose contents are read.
 * - `stat`: a path whose names or metadata are read (`ls`, `du`, a directory searched).
 * - `write`: a file created, changed or deleted.
 * - `exec`: a program, script or code that runs.
 * - `state`: something outside the files changes (a git ref, a remote, the clock).
 * - `revision`: a git revision, which may name a file as `REV:PATH` (read).
 * - `rev-or-path`: a git revision or a path (git tells them apart at run time).
 * - `sed-script`: a sed program, understood only when it prints and edits text (no `w`, `r`, `e`).
 * - `read-glob`: a glob choosing which files a recursive search reads (`grep --include`, `rg -g`).
 */
export type ArgKind = 'value' | 'read' | 'stat' | 'write' | 'exec' | 'state' | 'revision' | 'rev-or-path' | 'sed-script' | 'read-glob';

/** Operands by position; the last kind repeats unless `max` stops it. */
export interface OperandSpec {
  readonly kinds: readonly ArgKind[];
  /** Most operands accepted; more is not understood. */
  readonly max?: number;
  /** Fewest operands accepted (`node --version` needs its flag: `node` alone reads a script from its input). */
  readonly min?: number;
  /** The kind of every operand after `--` (git: paths, where before it revisions or paths). */
  readonly afterDashes?: ArgKind;
  /** Every operand must match this, else it is not understood (`date +FORMAT`: without `+` it sets the clock). */
  readonly pattern?: RegExp;
  /** `KEY=VALUE` operands whose value is a path (`dd of=FILE`); other keys are values. */
  readonly keyed?: Readonly<Record<string, ArgKind>>;
}

/** One option: its names, its argument, and what it does. */
export interface OptionSpec {
  /** `-x` for a short option, `--name` for a long one (`-name` in single-dash grammars). */
  readonly names: readonly string[];
  /** `required`: `-xARG`, `-x ARG`, `--name=ARG`, `--name ARG`; `optional`: attached only (`-xARG`, `--name=ARG`). */
  readonly arg?: 'required' | 'optional';
  /** What the argument is; `value` when not said. */
  readonly kind?: ArgKind;
  /** Separate words a required argument takes (`jq --arg NAME VALUE`: 2); the last has `kind`. */
  readonly count?: number;
  /** What the option itself does, when that is not harmless. */
  readonly effect?: 'write' | 'exec' | 'state';
  /** The operands mean something else once this option is given (`grep -e`: every operand is a file). */
  readonly operands?: OperandSpec;
  /** The files the program reads are written too (`sed -i`). */
  readonly writesOperands?: boolean;
  /** Why the option is risky, for reasons (`writes the sorted output to FILE`). */
  readonly why?: string;
}

/** Commands a grammar must understand and allow, and commands it must not allow (checked when the policy loads). */
export interface GrammarExamples {
  readonly match?: readonly string[];
  readonly notMatch?: readonly string[];
}

/** How a program reads its argv. */
export type OptionStyle =
  /** getopt_long: short bundles, `--name[=ARG]`, `--` ends options, options may follow operands unless `posixOrder`. */
  | 'gnu'
  /** Whole-word options with a single dash (`find -name X`): no bundles, no `=`. */
  | 'single-dash';

/** The grammar of one program (or one subcommand of it). */
export interface ProgramGrammar {
  /** The program name (`sort`) or subcommand (`log`). */
  readonly name: string;
  /** Other names of the same program (`egrep` for `grep`). */
  readonly aliases?: readonly string[];
  /** What the program does, for reasons (`sorts lines`). */
  readonly summary: string;
  readonly style?: OptionStyle;
  /**
   * GNU unique-prefix abbreviations of long options are understood (`--out` for
   * `--output`). Only set it when `options` lists every long option the real
   * program has: an abbreviation is only known when no option is missing.
   */
  readonly abbreviations?: boolean;
  /** Options end at the first operand (xargs, git before its subcommand). */
  readonly posixOrder?: boolean;
  /** `-NUM` is an option with a number (`head -5`). */
  readonly numericOption?: boolean;
  /** Every word is an operand, options included (`echo -x` prints `-x`; `test -f a`). */
  readonly freeForm?: boolean;
  readonly options: readonly OptionSpec[];
  readonly operands: OperandSpec;
  /** Subcommands chosen by the first operand (git). */
  readonly subcommands?: readonly ProgramGrammar[];
  /** Without a subcommand the program still runs (`git remote` lists remotes). */
  readonly subcommandOptional?: boolean;
  /** The program or subcommand itself writes, runs something or changes state. */
  readonly effect?: 'write' | 'exec' | 'state';
  readonly why?: string;
  /** How far the policy knows the program, for reasons (`node --version`). */
  readonly knownAs?: string;
  /**
   * The program can run other programs or read a program from a file through
   * options or operands (archivers, compilers, build tools, interpreters, find,
   * git's -c): "Approve always" never saves more than the exact argv for it.
   */
  readonly execCapable?: boolean;
  /** Words that make it run something else, for the examples "Approve always" shows it will not allow. */
  readonly execExamples?: readonly string[];
  readonly examples?: GrammarExamples;
}
