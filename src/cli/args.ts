import { UsageError } from '../core/errors';

/** Parsed command line: positionals, flags, and everything after `--`. */
export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Map<string, string | true>;
  readonly rest: string[];
}

/**
 * Parses `--flag`, `--flag value`, `--flag=value` and a trailing `-- cmd args…`.
 * `valued` names the flags that take a value; any other unknown flag is a usage error.
 */
export function parseArgs(argv: readonly string[], valued: readonly string[], booleans: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  let rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest = argv.slice(i + 1);
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (valued.includes(name)) {
        const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined) throw new UsageError(`--${name} needs a value`);
        flags.set(name, value);
      } else if (booleans.includes(name) && eq < 0) {
        flags.set(name, true);
      } else {
        throw new UsageError(`unknown option --${name}`);
      }
      continue;
    }
    positionals.push(arg);
  }
  return { positionals, flags, rest };
}

/** A flag's string value, or undefined. */
export function flagString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** A positive number flag, or a usage error naming it. */
export function flagNumber(args: ParsedArgs, name: string): number | undefined {
  const v = flagString(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} needs a positive number, got ${JSON.stringify(v)}`);
  return n;
}
