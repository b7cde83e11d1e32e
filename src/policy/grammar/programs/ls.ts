import type { ProgramGrammar } from '../grammar';
import { flags, HELP_VERSION, optionals, values } from '../option-helpers';

/** `ls` (GNU coreutils 9.1): lists names and metadata; no option reads, writes or runs anything. */
export const LS: ProgramGrammar = {
  name: 'ls',
  aliases: ['dir', 'vdir'],
  summary: 'lists files',
  abbreviations: true,
  options: [
    ...flags('-a --all', '-A --almost-all', '--author', '-b --escape', '-B --ignore-backups', '-c', '-C', '-d --directory', '-D --dired', '-f',
      '--file-type', '--full-time', '-g', '--group-directories-first', '-G --no-group', '-h --human-readable', '--si', '-H --dereference-command-line',
      '--dereference-command-line-symlink-to-dir', '-i --inode', '-k --kibibytes', '-l', '-L --dereference', '-m', '-n --numeric-uid-gid', '-N --literal',
      '-o', '-p', '-q --hide-control-chars', '--show-control-chars', '-Q --quote-name', '-r --reverse', '-R --recursive', '-s --size', '-S', '-t', '-u',
      '-U', '-v', '-x', '-X', '-Z --context', '--zero', '-1'),
    ...values('--block-size', '--format', '--hide', '--indicator-style', '-I --ignore', '--quoting-style', '--sort', '--time', '--time-style', '-T --tabsize', '-w --width'),
    ...optionals('--color', '-F --classify', '--hyperlink'),
    ...HELP_VERSION,
  ],
  operands: { kinds: ['stat'] },
  examples: {
    match: ['ls', 'ls -la src', 'ls -1 --color=never *.ts', 'ls --sort=time -r', 'ls --recurs src', 'ls -- -weird'],
    notMatch: ['ls --frobnicate', 'ls -j'],
  },
};
