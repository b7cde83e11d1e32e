// Programs that read text and print something derived from it (GNU coreutils
// 9.1, diffutils 3.8, util-linux 2.38 as in Debian bookworm, the sandbox image's base).
import type { ProgramGrammar } from '../grammar';
import { flags, HELP_VERSION, optionals, reads, values, writes, runs } from '../option-helpers';

/** `cat`: prints files. */
export const CAT: ProgramGrammar = {
  name: 'cat',
  summary: 'prints files',
  abbreviations: true,
  options: [...flags('-A --show-all', '-b --number-nonblank', '-e', '-E --show-ends', '-n --number', '-s --squeeze-blank', '-t', '-T --show-tabs', '-u', '-v --show-nonprinting'), ...HELP_VERSION],
  operands: { kinds: ['read'] },
  examples: { match: ['cat README.md', 'cat -n a b', 'cat --number-non a'], notMatch: ['cat .env', 'cat -z a'] },
};

/** `tac`: prints files last line first. */
export const TAC: ProgramGrammar = {
  name: 'tac',
  summary: 'prints files in reverse',
  abbreviations: true,
  options: [...flags('-b --before', '-r --regex'), ...values('-s --separator'), ...HELP_VERSION],
  operands: { kinds: ['read'] },
  examples: { match: ['tac log.txt'] },
};

/** `head`: prints the first lines. */
export const HEAD: ProgramGrammar = {
  name: 'head',
  summary: 'prints the start of files',
  abbreviations: true,
  numericOption: true,
  options: [...values('-c --bytes', '-n --lines'), ...flags('-q --quiet --silent', '-v --verbose', '-z --zero-terminated'), ...HELP_VERSION],
  operands: { kinds: ['read'] },
  examples: { match: ['head -n 20 package.json', 'head -5 a', 'head -n5 a', 'head -c 100 a', 'head --lines=3 a'], notMatch: ['head -n', 'head .env'] },
};

/** `tail`: prints the last lines. */
export const TAIL: ProgramGrammar = {
  name: 'tail',
  summary: 'prints the end of files',
  abbreviations: true,
  numericOption: true,
  options: [
    ...values('-c --bytes', '-n --lines', '--max-unchanged-stats', '--pid', '-s --sleep-interval'),
    ...optionals('--follow'),
    ...flags('-f', '-F', '-q --quiet --silent', '--retry', '-v --verbose', '-z --zero-terminated'),
    ...HELP_VERSION,
  ],
  operands: { kinds: ['read'] },
  examples: { match: ['tail -f log.txt', 'tail -n +5 a', 'tail -20 a', 'tail --follow=name a'] },
};

/** `wc`: counts lines, words and bytes. */
export const WC: ProgramGrammar = {
  name: 'wc',
  summary: 'counts lines, words and bytes',
  abbreviations: true,
  options: [...flags('-c --bytes', '-m --chars', '-l --lines', '-L --max-line-length', '-w --words'), ...values('--total'), reads('--files0-from'), ...HELP_VERSION],
  operands: { kinds: ['read'] },
  examples: { match: ['wc -l src/a.ts', 'wc -l src/*.ts', 'wc -l *.ts', 'wc'], notMatch: ['wc --files0-from=.env', 'wc -l .env'] },
};

/** `sort`: sorts lines; `-o` writes a file and `--compress-program` runs one. */
export const SORT: ProgramGrammar = {
  name: 'sort',
  summary: 'sorts lines',
  abbreviations: true,
  options: [
    ...flags('-b --ignore-leading-blanks', '-d --dictionary-order', '-f --ignore-case', '-g --general-numeric-sort', '-i --ignore-nonprinting',
      '-M --month-sort', '-h --human-numeric-sort', '-n --numeric-sort', '-R --random-sort', '-r --reverse', '-V --version-sort', '-c', '-C',
      '--debug', '-m --merge', '-s --stable', '-u --unique', '-z --zero-terminated'),
    ...values('--sort', '--batch-size', '-k --key', '-S --buffer-size', '-t --field-separator', '--parallel'),
    ...optionals('--check'),
    reads('--random-source'),
    reads('--files0-from'),
    writes('-o --output', 'writes the sorted lines to a file'),
    writes('-T --temporary-directory', 'writes temporary files in a directory'),
    runs('--compress-program', 'runs a program to compress temporary files'),
    ...HELP_VERSION,
  ],
  operands: { kinds: ['read'] },
  execCapable: true,
  execExamples: ['--compress-program=sh'],
  examples: {
    match: ['sort a.txt', 'sort -rn', 'sort -t, -k2,2n data.csv', 'sort -u -- a b'],
    notMatch: ['sort -o out.txt in.txt', 'sort --out=x a', 'sort --com=sh a', 'sort --compress-program=sh a', 'sort -T /tmp a'],
  },
};

/** `uniq`: a second file name is where it writes. */
export const UNIQ: ProgramGrammar = {
  name: 'uniq',
  summary: 'filters repeated lines',
  abbreviations: true,
  options: [
    ...flags('-c --count', '-d --repeated', '-D', '-i --ignore-case', '-u --unique', '-z --zero-terminated'),
    ...values('-f --skip-fields', '-s --skip-chars', '-w --check-chars'),
    ...optionals('--all-repeated', '--group'),
    ...HELP_VERSION,
  ],
  operands: { kinds: ['read', 'write'], max: 2 },
  examples: { match: ['uniq -c', 'uniq -c in.txt'], notMatch: ['uniq in.txt out.txt', 'uniq *.txt'] },
};

/** `cut`: prints selected fields. */
export const CUT: ProgramGrammar = {
  name: 'cut',
  summary: 'prints selected fields',
  abbreviations: true,
  options: [...values('-b --bytes', '-c --characters', '-d --delimiter', '-f --fields', '--output-delimiter'), ...flags('-n', '--complement', '-s --only-delimited', '-z --zero-terminated'), ...HELP_VERSION],
  operands: { kinds: ['read'] },
  examples: { match: ['cut -d: -f1 /etc/passwd', 'cut -c1-72'] },
};

/** `tr`: translates characters (its operands are sets, not files). */
export const TR: ProgramGrammar = {
  name: 'tr',
  summary: 'translates characters',
  abbreviations: true,
  options: [...flags('-c -C --complement', '-d --delete', '-s --squeeze-repeats', '-t --truncate-set1'), ...HELP_VERSION],
  operands: { kinds: ['value'], max: 2 },
  examples: { match: ["tr a-z A-Z", "tr -d '\\r'"] },
};

/** `nl`: numbers lines. */
export const NL: ProgramGrammar = {
  name: 'nl',
  summary: 'numbers lines',
  abbreviations: true,
  options: [
    ...values('-b --body-numbering', '-d --section-delimiter', '-f --footer-numbering', '-h --header-numbering', '-i --line-increment', '-l --join-blank-lines',
      '-n --number-format', '-s --number-separator', '-v --starting-line-number', '-w --number-width'),
    ...flags('-p --no-renumber'),
    ...HELP_VERSION,
  ],
  operands: { kinds: ['read'] },
  examples: { match: ['nl -ba a.txt'] },
};

/** `rev`: reverses lines (util-linux). */
export const REV: ProgramGrammar = {
  name: 'rev',
  summary: 'reverses lines',
  abbreviations: true,
  options: flags('-h --help', '-V --version', '-0 --zero'),
  operands: { kinds: ['read'] },
  examples: { match: ['rev a'] },
};

/** `fold`: wraps lines. */
export const FOLD: ProgramGrammar = {
  name: 'fold',
  summary: 'wraps lines',
  abbreviations: true,
  options: [...flags('-b --bytes', '-s --spaces'), ...values('-w --width'), ...HELP_VERSION],
  operands: { kinds: ['read'] },
  examples: { match: ['fold -w 80 a'] },
};

/** `paste`: joins lines of files side by side. */
export const PASTE: ProgramGrammar = {
  name: 'paste',
  summary: 'joins lines of files',
  abbreviations: true,
  options: [...values('-d --delimiters'), ...flags('-s --serial', '-z --zero-terminated'), ...HELP_VERSION],
  operands: { kinds: ['read'] },
  examples: { match: ['paste -sd, a'] },
};

/** `join`: joins two files on a field. */
export const JOIN: ProgramGrammar = {
  name: 'join',
  summary: 'joins files on a field',
  abbreviations: true,
  options: [
    ...values('-a', '-e', '-j', '-o', '-t', '-v', '-1', '-2'),
    ...flags('-i --ignore-case', '--check-order', '--nocheck-order', '--header', '-z --zero-terminated'),
    ...HELP_VERSION,
  ],
  operands: { kinds: ['read'], max: 2 },
  examples: { match: ['join -t, a.csv b.csv'] },
};

/** `expand`: tabs to spaces. */
export const EXPAND: ProgramGrammar = {
  name: 'expand',
  summary: 'turns tabs into spaces',
  abbreviations: true,
  options: [...flags('-i --initial'), ...values('-t --tabs'), ...HELP_VERSION],
  operands: { kinds: ['read'] },
  examples: { match: ['expand -t 4 a'] },
};

/** `unexpand`: spaces to tabs. */
export const UNEXPAND: ProgramGrammar = {
  name: 'unexpand',
  summary: 'turns spaces into tabs',
  abbreviations: true,
  options: [...flags('-a --all', '--first-only'), ...values('-t --tabs'), ...HELP_VERSION],
  operands: { kinds: ['read'] },
  examples: { match: ['unexpand -a a'] },
};

/** `comm`: compares two sorted files. */
export const COMM: ProgramGrammar = {
  name: 'comm',
  summary: 'compares sorted files',
  abbreviations: true,
  options: [...flags('-1', '-2', '-3', '--check-order', '--nocheck-order', '--total', '-z --zero-terminated'), ...values('--output-delimiter'), ...HELP_VERSION],
  operands: { kinds: ['read'], max: 2 },
  examples: { match: ['comm -12 a b'] },
};

/** `column` (util-linux): formats text into columns. */
export const COLUMN: ProgramGrammar = {
  name: 'column',
  summary: 'formats text into columns',
  abbreviations: true,
  options: [
    ...flags('-t --table', '-E --table-noextreme', '-d --table-noheadings', '-e --table-header-repeat', '-L --keep-empty-lines', '-J --json', '-x --fillrows', '-h --help', '-V --version'),
    ...values('-n --table-name', '-O --table-order', '-N --table-columns', '-l --table-columns-limit', '-H --table-hide', '-R --table-right', '-T --table-truncate',
      '-W --table-wrap', '-r --tree', '-i --tree-id', '-p --tree-parent', '-c --output-width', '-o --output-separator', '-s --separator'),
  ],
  operands: { kinds: ['read'] },
  examples: { match: ['column -t -s, a.csv'] },
};

/** `diff` (GNU diffutils): compares files; none of its options write or run anything. */
export const DIFF: ProgramGrammar = {
  name: 'diff',
  summary: 'compares files',
  options: [
    ...flags('--normal', '-q --brief', '-s --report-identical-files', '-c', '-u', '-e --ed', '-n --rcs', '-y --side-by-side', '--left-column', '--suppress-common-lines',
      '-p --show-c-function', '-t --expand-tabs', '-T --initial-tab', '--suppress-blank-empty', '-l --paginate', '-r --recursive', '--no-dereference', '-N --new-file',
      '--unidirectional-new-file', '--ignore-file-name-case', '--no-ignore-file-name-case', '-i --ignore-case', '-E --ignore-tab-expansion', '-Z --ignore-trailing-space',
      '-b --ignore-space-change', '-w --ignore-all-space', '-B --ignore-blank-lines', '-a --text', '--strip-trailing-cr', '-d --minimal', '--speed-large-files', '-v --version', '--help'),
    ...optionals('--context', '--unified', '--color'),
    ...values('-C', '-U', '-W --width', '-F --show-function-line', '--label', '--tabsize', '-x --exclude', '-I --ignore-matching-lines', '-D --ifdef', '--line-format',
      '--old-line-format', '--new-line-format', '--unchanged-line-format', '--old-group-format', '--new-group-format', '--unchanged-group-format', '--changed-group-format',
      '--horizon-lines', '--palette'),
    reads('-X --exclude-from'),
    { names: ['-S', '--starting-file'], arg: 'required', kind: 'stat' },
    reads('--from-file'),
    reads('--to-file'),
  ],
  operands: { kinds: ['read'] },
  examples: { match: ['diff -u a b', 'diff <(sort a) <(sort b)', 'diff -ru src other'], notMatch: ['diff a .env'] },
};

/** `cmp`: compares files byte by byte. */
export const CMP: ProgramGrammar = {
  name: 'cmp',
  summary: 'compares files byte by byte',
  abbreviations: true,
  options: [...flags('-b --print-bytes', '-l --verbose', '-s --quiet --silent', '--help', '-v --version'), ...values('-i --ignore-initial', '-n --bytes')],
  operands: { kinds: ['read', 'read', 'value'], max: 4 },
  examples: { match: ['cmp a b', 'cmp a b 10'] },
};
