import type { VisibleOptions } from './visible';
import { visible } from './visible';

// Words a shell reads as they are; anything else is shown single-quoted.
const PLAIN_WORD = /^[\w@%+=:,./-]+$/;

/**
 * One argument as a person should read it: made visible (hidden characters
 * escaped, see `visible`) and single-quoted the way a shell would need it
 * when it is not a plain word. For display only: never feed the result to a shell.
 */
export function quote(arg: string, options: VisibleOptions = {}): string {
  const shown = visible(arg, options);
  return PLAIN_WORD.test(shown) ? shown : `'${shown.replace(/'/g, `'\\''`)}'`;
}

/** An argv as one display string, each argument quoted by `quote`. */
export function quoteArgv(argv: readonly string[], options: VisibleOptions = {}): string {
  return argv.map((a) => quote(a, options)).join(' ');
}
