import type { VisibleOptions } from './visible';
import { visible } from './visible';

// Words a shell reads as they are; anything else is shown single-quoted.
const PLAIN_WORD = /^[\w@%+=:,./-]+$/;

/** One argument quoted the way a shell would need it when it is not a plain word; its characters untouched (make it visible after). */
export function shellWord(arg: string): string {
  return PLAIN_WORD.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * One argument as a person should read it: single-quoted the way a shell would
 * need it when it is not a plain word, and made visible (hidden characters
 * escaped, see `visible`). For display only: never feed the result to a shell.
 */
export function quote(arg: string, options: VisibleOptions = {}): string {
  return visible(shellWord(arg), options);
}

/** An argv as one display string, each argument quoted by `quote`. */
export function quoteArgv(argv: readonly string[], options: VisibleOptions = {}): string {
  return visible(argv.map(shellWord).join(' '), options);
}
