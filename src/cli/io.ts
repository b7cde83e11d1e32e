/** Where the CLI writes; tests pass collectors instead of the process streams. */
export interface CliIo {
  stdout(text: string | Buffer): void;
  stderr(text: string | Buffer): void;
  /** Standard input, for `--json-lines`. */
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** Process exit codes shared by every subcommand. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  engine: 3,
  /** `agent run` ended on a policy violation (`--on-violation halt`). */
  halted: 4,
  timedOut: 124,
  cannotStart: 127,
} as const;
