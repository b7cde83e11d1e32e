import type { OperandSpec, ProgramGrammar } from '../grammar';
import { flags, HELP_VERSION, values } from '../option-helpers';

const ALL_FILES: OperandSpec = { kinds: ['read'] };

/** `sed` (GNU sed 4.9): its script is checked too (no `w`, `r`, `e`); `-i` writes the files, `-f` runs a script file. */
export const SED: ProgramGrammar = {
  name: 'sed',
  summary: 'edits text',
  abbreviations: true,
  options: [
    ...flags('-n --quiet --silent', '--debug', '--follow-symlinks', '--posix', '-E -r --regexp-extended', '-s --separate', '--sandbox', '-u --unbuffered', '-z --null-data'),
    ...values('-l --line-length'),
    { names: ['-e', '--expression'], arg: 'required', kind: 'sed-script', operands: ALL_FILES },
    { names: ['-f', '--file'], arg: 'required', kind: 'exec', operands: ALL_FILES, why: 'runs the sed program in a file, which may write files or run commands' },
    { names: ['-i', '--in-place'], arg: 'optional', writesOperands: true, effect: 'write', why: 'edits the files in place' },
    ...HELP_VERSION,
  ],
  operands: { kinds: ['sed-script', 'read'] },
  execCapable: true,
  execExamples: ["-e '1e id'", '-f script.sed'],
  examples: {
    match: ['sed -n 1,5p file', "sed -n '/start/,/end/p' a.txt", "sed 's/a/b/g' a", "sed -e 's/[/]/x/' -e '$d' a", "sed -n '10{p;q}' a", 'sed -E "s/(a|b)+/x/" a'],
    notMatch: ['sed -i s/a/b/ f', "sed 's/a/b/w out' f", "sed 'w out' f", "sed '1e id' f", "sed 's/x/id/e' f", 'sed -f x.sed f', "sed 'r .env' f", 'sed -n 1p .env'],
  },
};
