// Programs that print facts about files: names, sizes, types, checksums, bytes.
import type { ProgramGrammar } from '../grammar';
import { flags, HELP_VERSION, optionals, reads, values, writes } from '../option-helpers';

/** `stat`: prints file metadata. */
export const STAT: ProgramGrammar = {
  name: 'stat',
  summary: 'prints file metadata',
  abbreviations: true,
  options: [...flags('-L --dereference', '-f --file-system', '-t --terse'), ...values('-c --format', '--printf', '--cached'), ...HELP_VERSION],
  operands: { kinds: ['stat'] },
  examples: { match: ['stat -c %s a', 'stat .env'] },
};

/** `du`: disk usage of files and folders. */
export const DU: ProgramGrammar = {
  name: 'du',
  summary: 'prints disk usage',
  abbreviations: true,
  options: [
    ...flags('-0 --null', '-a --all', '--apparent-size', '-b --bytes', '-c --total', '-D -H --dereference-args', '-h --human-readable', '--inodes', '-k', '-L --dereference',
      '-l --count-links', '-m', '-P --no-dereference', '-S --separate-dirs', '--si', '-s --summarize', '-x --one-file-system'),
    ...values('-B --block-size', '-d --max-depth', '-t --threshold', '--time-style', '--exclude'),
    ...optionals('--time'),
    reads('-X --exclude-from'),
    reads('--files0-from'),
    ...HELP_VERSION,
  ],
  operands: { kinds: ['stat'] },
  examples: { match: ['du -sh .', 'du -sh src/* | sort -h', 'du -d1 -h'] },
};

/** `df`: free space of filesystems. */
export const DF: ProgramGrammar = {
  name: 'df',
  summary: 'prints free disk space',
  abbreviations: true,
  options: [
    ...flags('-a --all', '-h --human-readable', '-H --si', '-i --inodes', '-k', '-l --local', '--no-sync', '-P --portability', '--sync', '--total', '-T --print-type', '-x'),
    ...values('-B --block-size', '-t --type', '--exclude-type'),
    ...optionals('--output'),
    ...HELP_VERSION,
  ],
  operands: { kinds: ['stat'] },
  examples: { match: ['df -h', 'df -h .'] },
};

/** `realpath`, `readlink`: resolve names. */
export const REALPATH: ProgramGrammar = {
  name: 'realpath',
  summary: 'resolves paths',
  abbreviations: true,
  options: [...flags('-e --canonicalize-existing', '-m --canonicalize-missing', '-L --logical', '-P --physical', '-q --quiet', '-s --strip --no-symlinks', '-z --zero'), ...values('--relative-to', '--relative-base'), ...HELP_VERSION],
  operands: { kinds: ['stat'] },
  examples: { match: ['realpath src/a.ts'] },
};

/** `readlink`: prints where a link points. */
export const READLINK: ProgramGrammar = {
  name: 'readlink',
  summary: 'prints link targets',
  abbreviations: true,
  options: [...flags('-f --canonicalize', '-e --canonicalize-existing', '-m --canonicalize-missing', '-n --no-newline', '-q --quiet', '-s --silent', '-v --verbose', '-z --zero'), ...HELP_VERSION],
  operands: { kinds: ['stat'] },
  examples: { match: ['readlink -f node_modules/.bin/tsc'] },
};

/** `basename`, `dirname`: print parts of names (no file is touched). */
export const BASENAME: ProgramGrammar = {
  name: 'basename',
  summary: 'prints the last part of a name',
  abbreviations: true,
  options: [...flags('-a --multiple', '-z --zero'), ...values('-s --suffix'), ...HELP_VERSION],
  operands: { kinds: ['value'] },
  examples: { match: ['basename src/a.ts .ts', 'basename -s .ts a.ts'] },
};

/** `dirname`. */
export const DIRNAME: ProgramGrammar = {
  name: 'dirname',
  summary: 'prints the folder part of a name',
  abbreviations: true,
  options: [...flags('-z --zero'), ...HELP_VERSION],
  operands: { kinds: ['value'] },
  examples: { match: ['dirname src/a.ts'] },
};

const CHECKSUM_OPTIONS = [
  ...flags('-b --binary', '-c --check', '--tag', '-t --text', '-z --zero', '--ignore-missing', '--quiet', '--status', '--strict', '-w --warn'),
  ...HELP_VERSION,
];

/** `sha256sum` and its siblings: print checksums. */
export const CHECKSUMS: ProgramGrammar = {
  name: 'sha256sum',
  aliases: ['md5sum', 'sha1sum', 'sha224sum', 'sha384sum', 'sha512sum'],
  summary: 'prints checksums',
  abbreviations: true,
  options: CHECKSUM_OPTIONS,
  operands: { kinds: ['read'] },
  examples: { match: ['sha256sum dist/app.js', 'md5sum -c sums.txt'] },
};

/** `b2sum`, `cksum`: checksums with a length or an algorithm. */
export const CKSUM: ProgramGrammar = {
  name: 'cksum',
  aliases: ['b2sum'],
  summary: 'prints checksums',
  abbreviations: true,
  options: [...CHECKSUM_OPTIONS, ...values('-a --algorithm', '-l --length'), ...flags('--untagged', '--debug', '--base64', '--raw')],
  operands: { kinds: ['read'] },
  examples: { match: ['cksum a', 'b2sum -l 256 a'] },
};

/** `base64`, `base32`: encode or decode one file. */
export const BASE64: ProgramGrammar = {
  name: 'base64',
  aliases: ['base32'],
  summary: 'encodes or decodes base64',
  abbreviations: true,
  options: [...flags('-d --decode', '-i --ignore-garbage'), ...values('-w --wrap'), ...HELP_VERSION],
  operands: { kinds: ['read'], max: 1 },
  examples: { match: ['base64 -w0 a.png', 'base64 -d'], notMatch: ['base64 .env'] },
};

/** `od`: dumps bytes. */
export const OD: ProgramGrammar = {
  name: 'od',
  summary: 'dumps bytes',
  abbreviations: true,
  options: [
    ...flags('--traditional', '-v --output-duplicates', '-a', '-b', '-c', '-d', '-f', '-i', '-l', '-o', '-s', '-x'),
    ...values('-A --address-radix', '--endian', '-j --skip-bytes', '-N --read-bytes', '-t --format'),
    ...optionals('-S --strings', '-w --width'),
    ...HELP_VERSION,
  ],
  operands: { kinds: ['read'] },
  examples: { match: ['od -c a', 'od -An -tx1 -N16 a'] },
};

/** `hexdump` (util-linux). */
export const HEXDUMP: ProgramGrammar = {
  name: 'hexdump',
  summary: 'dumps bytes',
  abbreviations: true,
  options: [
    ...flags('-b --one-byte-octal', '-X --one-byte-hex', '-c --one-byte-char', '-C --canonical', '-d --two-bytes-decimal', '-o --two-bytes-octal', '-x --two-bytes-hex',
      '-v --no-squeezing', '-h --help', '-V --version'),
    ...optionals('-L --color'),
    ...values('-e --format', '-n --length', '-s --skip'),
    reads('-f --format-file'),
  ],
  operands: { kinds: ['read'] },
  examples: { match: ['hexdump -C a.bin'] },
};

/** `xxd` (vim): a second file name is where it writes. */
export const XXD: ProgramGrammar = {
  name: 'xxd',
  summary: 'dumps bytes',
  options: [
    ...flags('-a -autoskip', '-b -bits', '-C -capitalize', '-E -EBCDIC', '-e', '-h -help', '-i -include', '-p -ps -postscript -plain', '-r -revert', '-u', '-v -version', '-d'),
    ...values('-c -cols', '-g -groupsize', '-l -len', '-n -name', '-o', '-s', '-seek'),
  ],
  style: 'single-dash',
  operands: { kinds: ['read', 'write'], max: 2 },
  examples: { match: ['xxd a.bin', 'xxd -l 64 a.bin'], notMatch: ['xxd a.bin out.hex', 'xxd -r a.hex a.bin'] },
};

/** `file`: guesses file types; `-C` compiles a magic file (writes). */
export const FILE: ProgramGrammar = {
  name: 'file',
  summary: 'guesses file types',
  options: [
    ...flags('--help', '-v --version', '-z --uncompress', '-Z --uncompress-noreport', '-b --brief', '-c --checking-printout', '-i --mime', '--mime-type', '--mime-encoding',
      '--apple', '--extension', '-k --keep-going', '-l --list', '-L --dereference', '-h --no-dereference', '-n --no-buffer', '-N --no-pad', '-0 --print0', '-p --preserve-date',
      '-r --raw', '-s --special-files', '-S --no-sandbox', '-d --debug'),
    ...values('-e --exclude', '--exclude-quiet', '-F --separator', '-P --parameter'),
    reads('-m --magic-file'),
    reads('-f --files-from'),
    { names: ['-C', '--compile'], effect: 'write', why: 'compiles a magic file, writing it beside the source' },
  ],
  operands: { kinds: ['read'] },
  examples: { match: ['file a.png', 'file -b --mime-type a'], notMatch: ['file -C -m magic'] },
};

/** `tree`: lists a folder as a tree; `-o` writes its output to a file. */
export const TREE: ProgramGrammar = {
  name: 'tree',
  summary: 'lists folders as a tree',
  options: [
    ...flags('-a', '-d', '-l', '-f', '-x', '-q', '-N', '-Q', '-p', '-u', '-g', '-s', '-h', '-D', '-F', '-v', '-t', '-c', '-U', '-r', '-S', '-n', '-C', '-A', '-i', '-J', '-X',
      '--noreport', '--inodes', '--device', '--dirsfirst', '--filesfirst', '--du', '--si', '--prune', '--matchdirs', '--ignore-case', '--gitignore', '--help', '--version'),
    // With --fromfile the operands are files listing the paths to draw: their contents are printed.
    { names: ['--fromfile'], operands: { kinds: ['read'] } },
    ...values('-L', '-P', '-I', '--filelimit', '--timefmt', '--sort', '--charset', '-H', '-T'),
    ...optionals('--info'),
    writes('-o', 'writes the listing to a file'),
  ],
  operands: { kinds: ['stat'] },
  examples: { match: ['tree -L 2', 'tree -a -I node_modules src'], notMatch: ['tree -o out.txt', 'tree --fromfile .env'] },
};
