import type { ArgKind, OperandSpec, OptionSpec, ProgramGrammar } from './grammar';

/** A grammar with its options indexed for matching. */
export interface CompiledGrammar {
  readonly grammar: ProgramGrammar;
  /** Short option letters (`o` for `-o`). */
  readonly short: ReadonlyMap<string, OptionSpec>;
  /** Long names (`--output`), or whole-word names in single-dash grammars (`-name`, `(`). */
  readonly long: ReadonlyMap<string, OptionSpec>;
  /** Long names, sorted, for unique-prefix lookups. */
  readonly longNames: readonly string[];
  readonly subcommands: ReadonlyMap<string, CompiledGrammar>;
  /**
   * Every option is harmless whatever its argument (no file read or written, nothing
   * run): a word only known at run time may then stand for any of them.
   */
  readonly harmlessOptions: boolean;
  /**
   * No option writes, runs something or changes state (reading a file is all):
   * a glob may stand for options too, since what it could turn into is named by
   * the same pattern (`grep x *.ts`). A file named `--pre=sh` is the classic trap.
   */
  readonly globSafe: boolean;
}

const HARMLESS_KINDS: ReadonlySet<ArgKind> = new Set(['value', 'stat']);
// A glob choosing files to read is checked like a read of them (`--include=.env`).
const RISKY_KINDS: ReadonlySet<ArgKind> = new Set(['write', 'exec', 'state']);

/** Indexes a grammar (and its subcommands); throws naming the grammar when it is malformed. */
export function compileGrammar(grammar: ProgramGrammar, path = grammar.name): CompiledGrammar {
  const short = new Map<string, OptionSpec>();
  const long = new Map<string, OptionSpec>();
  const singleDash = grammar.style === 'single-dash';
  for (const option of grammar.options) {
    if (option.names.length === 0) throw new Error(`grammar ${path}: an option has no name`);
    for (const name of option.names) {
      const isShort = !singleDash && /^-[^-]$/.test(name);
      const isLong = singleDash || /^--[^-=]/.test(name);
      if (!isShort && !isLong) throw new Error(`grammar ${path}: option name ${JSON.stringify(name)} is neither -x nor --name`);
      const map = isShort ? short : long;
      const key = isShort ? name.slice(1) : name;
      if (map.has(key)) throw new Error(`grammar ${path}: option ${name} is listed twice`);
      map.set(key, option);
    }
    if (option.arg === 'optional' && singleDash) throw new Error(`grammar ${path}: single-dash options cannot take optional arguments`);
  }
  checkOperands(grammar.operands, path);
  const subcommands = new Map<string, CompiledGrammar>();
  for (const sub of grammar.subcommands ?? []) {
    const compiled = compileGrammar(sub, `${path} ${sub.name}`);
    for (const name of [sub.name, ...(sub.aliases ?? [])]) subcommands.set(name, compiled);
  }
  const harmlessOptions = grammar.options.every((o) => o.effect === undefined && HARMLESS_KINDS.has(o.kind ?? 'value') && (o.operands === undefined || o.operands.kinds.every((k) => HARMLESS_KINDS.has(k))));
  const globSafe = grammar.options.every((o) => o.effect === undefined && !o.writesOperands && !RISKY_KINDS.has(o.kind ?? 'value') && (o.operands === undefined || o.operands.kinds.every((k) => !RISKY_KINDS.has(k))));
  return { grammar, short, long, longNames: [...long.keys()].sort(), subcommands, harmlessOptions, globSafe };
}

function checkOperands(spec: OperandSpec, path: string): void {
  if (spec.kinds.length === 0 && spec.max !== 0) throw new Error(`grammar ${path}: operands need at least one kind, or max 0`);
}

/**
 * The long option a word names: an exact name, else (with `abbreviations`) the
 * one option every name starting with it belongs to. Undefined when unknown or ambiguous.
 */
export function resolveLong(compiled: CompiledGrammar, name: string): { name: string; spec: OptionSpec } | { ambiguous: readonly string[] } | undefined {
  const exact = compiled.long.get(name);
  if (exact) return { name, spec: exact };
  if (!compiled.grammar.abbreviations || name.length < 3) return undefined;
  const names = compiled.longNames;
  // Binary search for the first name >= the prefix, then walk while it is a prefix.
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((names[mid] as string) < name) lo = mid + 1;
    else hi = mid;
  }
  const candidates: string[] = [];
  for (let i = lo; i < names.length && (names[i] as string).startsWith(name); i++) candidates.push(names[i] as string);
  if (candidates.length === 0) return undefined;
  const specs = new Set(candidates.map((c) => compiled.long.get(c)));
  // getopt_long accepts a prefix of several names of one option (`--colo` for --color/--colour).
  if (specs.size > 1) return { ambiguous: candidates };
  const first = candidates[0] as string;
  return { name: first, spec: compiled.long.get(first) as OptionSpec };
}
