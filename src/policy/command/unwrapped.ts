import type { AnalysisFinding } from './command-analysis';
import type { ShellDialect } from './shell-dialect';
import type { Word } from './word';

/** What a wrapper (sudo, env, xargs, bash -c …) runs, so the analyser can judge that instead of the wrapper. */
export interface Unwrapped {
  /** How the wrapper is named in explanations, e.g. `sudo`, `bash -c`, `find -exec`. */
  readonly label: string;
  /** The wrapper's own argv when it must be judged too (e.g. `find` without its `-exec` clauses). */
  readonly self?: readonly Word[];
  /** Commands it runs, as argv. */
  readonly commands: readonly (readonly Word[])[];
  /** Shell source it runs (parsed and analysed in turn; a dynamic one forces `ask`). */
  readonly scripts: readonly Word[];
  /** Files it writes itself (`time -o`, `strace -o`). */
  readonly writes: readonly Word[];
  /** Files it reads itself (`xargs -a FILE` reads the arguments it passes on). */
  readonly reads?: readonly Word[];
  /** `NAME=value` it sets for the command (`env`). */
  readonly assignments: readonly string[];
  readonly findings: readonly AnalysisFinding[];
  /** Its scripts run in another shell (`sh -c` is dash): they must keep to what it and bash read alike. */
  readonly dialect?: ShellDialect;
}

/** Builds an Unwrapped with empty defaults. */
export function unwrapped(label: string, parts: Partial<Omit<Unwrapped, 'label'>>): Unwrapped {
  return { label, commands: [], scripts: [], writes: [], assignments: [], findings: [], ...parts };
}

/** The finding for wrappers that change who or where a command runs as. */
export function privileged(label: string): AnalysisFinding {
  return { kind: 'privileged-wrapper', verdict: 'ask', reason: `\`${label}\` runs a command as another user or in another root; that needs a person's approval` };
}

/** The finding for wrapper options the analyser does not know: after one, it may misread what runs. */
export function unknownOptions(label: string, names: readonly string[]): AnalysisFinding[] {
  if (names.length === 0) return [];
  return [{ kind: 'not-understood', verdict: 'ask', reason: `\`${label}\` is given ${names.map((n) => `\`${n}\``).join(', ')}, which the policy does not know, so it cannot tell which words are the command it runs` }];
}
