import type { ProgramGrammar } from '../grammar';
import { flags } from '../option-helpers';

/** `jq` (1.6): a jq filter cannot write files or run programs; `--rawfile`, `--slurpfile` and `-f` read files. No abbreviations. */
export const JQ: ProgramGrammar = {
  name: 'jq',
  summary: 'filters JSON',
  options: [
    ...flags('-s --slurp', '-r --raw-output', '-c --compact-output', '-n --null-input', '-e --exit-status', '-C --color-output', '-M --monochrome-output',
      '-a --ascii-output', '-j --join-output', '-S --sort-keys', '-R --raw-input', '--tab', '--unbuffered', '--stream', '--seq', '-h --help', '-V --version'),
    { names: ['--indent'], arg: 'required' },
    { names: ['--arg'], arg: 'required', count: 2 },
    { names: ['--argjson'], arg: 'required', count: 2 },
    { names: ['--slurpfile'], arg: 'required', count: 2, kind: 'read' },
    { names: ['--rawfile'], arg: 'required', count: 2, kind: 'read' },
    { names: ['--argfile'], arg: 'required', count: 2, kind: 'read' },
    { names: ['-f', '--from-file'], arg: 'required', kind: 'read', operands: { kinds: ['read'] } },
    { names: ['--args'], operands: { kinds: ['value'] } },
    { names: ['--jsonargs'], operands: { kinds: ['value'] } },
  ],
  posixOrder: false,
  operands: { kinds: ['value', 'read'] },
  examples: {
    match: ['jq .', 'jq .name package.json', 'jq -r ".scripts | keys[]" package.json', "jq -n --arg x 1 '$x'", 'jq -c . a.json b.json'],
    notMatch: ['jq . .env', "jq -n --rawfile k .env '$k'", 'jq -L lib .'],
  },
};
