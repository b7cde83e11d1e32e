import { posix } from 'node:path';
import type { Word } from '../command/word';
import { compileGrammar } from './compile-grammar';
import type { CompiledGrammar } from './compile-grammar';
import type { ProgramGrammar } from './grammar';

// Where real programs live: `/usr/bin/ls` is `ls`, but `./ls` or `/workspace/ls`
// is whatever the agent wrote there, so a grammar for `ls` must not cover it.
const SYSTEM_BIN_DIRS = new Set(['/bin', '/usr/bin', '/usr/local/bin', '/sbin', '/usr/sbin', '/usr/local/sbin']);

/** The compiled grammars of a policy, by program name. */
export interface GrammarSet {
  /**
   * The grammar of the program a word runs. `strict` (for allowing) refuses a
   * path-qualified name outside the system bin folders; without it (for spelling
   * out options before deny rules match) `./rm` is read as `rm`.
   */
  lookup(program: Word | undefined, strict: boolean): CompiledGrammar | undefined;
  readonly grammars: readonly CompiledGrammar[];
}

/** The id a grammar decides under, and the id that switches it off in `policy.disableBuiltinRules`. */
export function grammarRuleId(grammar: Pick<ProgramGrammar, 'name'>): string {
  return `grammar:${grammar.name}`;
}

/** Compiles grammars (leaving out those switched off); a malformed one is reported in `problems`. */
export function compileGrammars(grammars: readonly ProgramGrammar[], disabled: ReadonlySet<string> = new Set()): { set: GrammarSet; problems: string[] } {
  const problems: string[] = [];
  const byName = new Map<string, CompiledGrammar>();
  const compiled: CompiledGrammar[] = [];
  for (const grammar of grammars) {
    if (disabled.has(grammarRuleId(grammar))) continue;
    try {
      const c = compileGrammar(grammar);
      compiled.push(c);
      for (const name of [grammar.name, ...(grammar.aliases ?? [])]) {
        if (byName.has(name)) problems.push(`grammar ${JSON.stringify(name)} is defined twice`);
        byName.set(name, c);
      }
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return {
    problems,
    set: {
      grammars: compiled,
      lookup(program, strict) {
        if (!program || program.dynamic || program.glob) return undefined;
        const value = program.value;
        if (!value.includes('/')) return byName.get(value);
        if (strict && !SYSTEM_BIN_DIRS.has(posix.dirname(posix.normalize(value)))) return undefined;
        return byName.get(posix.basename(value));
      },
    },
  };
}
