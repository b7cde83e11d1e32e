import { literalWord } from '../command/word';
import { BUILTIN_GRAMMARS } from './builtin-grammars';
import { compileGrammars } from './grammar-set';
import { EXEC_CAPABLE_PROGRAMS } from './exec-capable';

/** What the built-in grammars prove about a program, for "Approve always" (issue 18). */
export interface ProgramScope {
  /** A built-in grammar knows the program's options. */
  readonly known: boolean;
  /**
   * It can run other programs through its options or operands, or read a
   * program from a file — or no grammar proves it cannot: a rule for it must be
   * the exact argv, nothing wider.
   */
  readonly execCapable: boolean;
  /** Words that would make it run something else (examples a saved rule must not allow). */
  readonly execExamples: readonly string[];
}

const grammars = compileGrammars(BUILTIN_GRAMMARS).set;

/** The scope of the program an argv runs (by name; a path-qualified name is not a known program). */
export function programScope(program: string): ProgramScope {
  const compiled = grammars.lookup(literalWord(program), true);
  const listed = EXEC_CAPABLE_PROGRAMS[program.replace(/^.*\//, '')];
  const g = compiled?.grammar;
  if (!g) return { known: false, execCapable: true, execExamples: listed ?? [] };
  const execCapable = g.execCapable === true || listed !== undefined;
  return { known: true, execCapable, execExamples: [...(g.execExamples ?? []), ...(listed ?? [])] };
}
