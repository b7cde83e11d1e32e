import type { OperandSpec, ProgramGrammar } from '../grammar';
import { flags, optionals, reads, values } from '../option-helpers';

// With -e or -f the patterns are given; every operand is then a file.
const ALL_FILES: OperandSpec = { kinds: ['read'] };

/** `grep` (GNU grep 3.8): searches files; `-f` and `--exclude-from` read files, nothing writes or runs. */
export const GREP: ProgramGrammar = {
  name: 'grep',
  aliases: ['egrep', 'fgrep'],
  summary: 'searches files',
  abbreviations: true,
  numericOption: true,
  options: [
    ...flags('-E --extended-regexp', '-F --fixed-strings --fixed-regexp', '-G --basic-regexp', '-P --perl-regexp', '-i -y --ignore-case', '--no-ignore-case',
      '-w --word-regexp', '-x --line-regexp', '-z --null-data', '-s --no-messages', '-v --invert-match', '-V --version', '--help', '-b --byte-offset',
      '-n --line-number', '--line-buffered', '-H --with-filename', '-h --no-filename', '-o --only-matching', '-q --quiet --silent', '-a --text', '-I',
      '-r --recursive', '-R --dereference-recursive', '-L --files-without-match', '-l --files-with-matches', '-c --count', '-T --initial-tab', '-Z --null',
      '-U --binary', '-u --unix-byte-offsets', '--no-group-separator'),
    { names: ['-e', '--regexp'], arg: 'required', operands: ALL_FILES },
    reads('-f --file', ALL_FILES),
    reads('--exclude-from'),
    { names: ['--include'], arg: 'required', kind: 'read-glob' },
    ...values('-m --max-count', '--label', '--binary-files', '-d --directories', '-D --devices', '--exclude', '--exclude-dir', '-B --before-context',
      '-A --after-context', '-C --context', '--group-separator'),
    ...optionals('--color --colour'),
  ],
  operands: { kinds: ['value', 'read'] },
  examples: {
    match: ['grep -rn TODO src', 'grep -rn "TODO" src', 'grep -e foo -e bar a.txt', 'grep -E "a|b" -- -file', 'grep -A3 --color=never x y', 'egrep -i x y', 'grep -c x', 'grep -5 x y'],
    notMatch: ['grep -f.env x', 'grep --file=.env x', 'grep KEY .env', 'grep -e x .env', 'grep -j x', 'grep -r KEY --include=.env .', "grep -r KEY --include='*.pem' ."],
  },
};

/** `rg` (ripgrep 13): searches files; `--pre` runs a program on every file. No abbreviations. */
export const RG: ProgramGrammar = {
  name: 'rg',
  summary: 'searches files',
  options: [
    ...flags('--auto-hybrid-regex', '--no-auto-hybrid-regex', '--binary', '--no-binary', '--block-buffered', '--no-block-buffered', '-b --byte-offset', '-s --case-sensitive',
      '--column', '--no-column', '--no-context-separator', '-c --count', '--count-matches', '--crlf', '--no-crlf', '--debug', '--trace', '--no-encoding', '--files',
      '-l --files-with-matches', '--files-without-match', '-F --fixed-strings', '--no-fixed-strings', '-L --follow', '--no-follow', '--glob-case-insensitive',
      '--no-glob-case-insensitive', '-h --help', '--heading', '--no-heading', '-. --hidden', '--no-hidden', '-i --ignore-case', '--ignore-file-case-insensitive',
      '--no-ignore-file-case-insensitive', '--include-zero', '-v --invert-match', '--json', '--no-json', '--line-buffered', '--no-line-buffered', '-n --line-number',
      '-N --no-line-number', '-x --line-regexp', '--max-columns-preview', '--no-max-columns-preview', '--mmap', '--no-mmap', '-U --multiline', '--no-multiline',
      '--multiline-dotall', '--no-multiline-dotall', '--no-config', '-I --no-filename', '--no-ignore', '--no-ignore-dot', '--no-ignore-exclude', '--no-ignore-files',
      '--no-ignore-global', '--no-ignore-messages', '--no-ignore-parent', '--no-ignore-vcs', '--no-messages', '--no-pcre2-unicode', '--pcre2-unicode', '--no-require-git',
      '--no-unicode', '--unicode', '-0 --null', '--null-data', '--one-file-system', '--no-one-file-system', '-o --only-matching', '--passthru --passthrough',
      '-P --pcre2', '--no-pcre2', '--pcre2-version', '--no-pre', '-p --pretty', '-q --quiet', '-z --search-zip', '--no-search-zip', '-S --smart-case', '--stats',
      '--no-stats', '-a --text', '--no-text', '--trim', '--no-trim', '--type-list', '-u --unrestricted', '-V --version', '--vimgrep', '-H --with-filename', '-w --word-regexp',
      '--sort-files', '--no-sort-files'),
    ...values('-A --after-context', '-B --before-context', '--color', '--colors', '-C --context', '--context-separator', '--dfa-size-limit', '-E --encoding', '--engine',
      '--field-context-separator', '--field-match-separator', '-M --max-columns', '-m --max-count', '--max-depth --maxdepth', '--max-filesize',
      '--path-separator', '--pre-glob', '--regex-size-limit', '-r --replace', '--sort', '--sortr', '-j --threads', '-t --type', '--type-clear', '-T --type-not'),
    // `--type-add NAME:GLOB` defines which files a type reads.
    { names: ['--type-add'], arg: 'required', kind: 'read-glob' },
    { names: ['-e', '--regexp'], arg: 'required', operands: ALL_FILES },
    reads('-f --file', ALL_FILES),
    reads('--ignore-file'),
    { names: ['-g', '--glob'], arg: 'required', kind: 'read-glob' },
    { names: ['--iglob'], arg: 'required', kind: 'read-glob' },
    { names: ['--pre'], arg: 'required', kind: 'exec', why: 'runs a program on every file it searches' },
  ],
  operands: { kinds: ['value', 'read'] },
  execCapable: true,
  execExamples: ['--pre=sh'],
  examples: {
    match: ['rg foo', 'rg --json foo', "rg --type-add 'web:*.{html,css}' -tweb foo", 'rg -n "TODO|FIXME" src', 'rg -tpy -g "!vendor" foo .', 'rg --files src', 'rg -uu -i foo'],
    notMatch: ['rg --pre ./evil.sh foo', 'rg --pre=sh foo', 'rg --pr=sh foo', 'rg foo .env', 'rg -f .env x', 'rg --hidden -g .env KEY', "rg --iglob '.env*' KEY", "rg --type-add 'x:.env*' -tx KEY", "rg --type-add 'x:{*.ts,.npmrc}' -tx KEY"],
  },
};
