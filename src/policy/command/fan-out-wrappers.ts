import { dynamicWord } from './word';
import type { Word } from './word';
import { parseOptions } from './options';
import { ECHO } from './exec-wrappers';
import { unknownOptions, unwrapped } from './unwrapped';
import type { Unwrapped } from './unwrapped';

/** What `xargs` appends stands for input only known at run time. */
const INPUT = dynamicWord('{xargs input}');

/**
 * `xargs [options] [COMMAND [ARGS]]` runs COMMAND (default `echo`) with words
 * read from stdin appended, or substituted for the `-I` replace string. Options
 * as findutils 4.9 reads them: `--max-lines`, `--eof` and `--replace` take an
 * optional value (attached only), so `xargs --max-lines rm …` runs `rm`.
 */
export function unwrapXargs(words: readonly Word[]): Unwrapped {
  const { next, seen, unknown } = parseOptions(words, 1, {
    short: 'adEILnPs',
    shortOptional: 'eil',
    shortFlags: '0oprtx',
    long: ['--arg-file', '--delimiter', '--max-args', '--max-procs', '--max-chars', '--process-slot-var'],
    longOptional: ['--eof', '--replace', '--max-lines'],
    longFlags: ['--null', '--open-tty', '--interactive', '--no-run-if-empty', '--show-limits', '--verbose', '--exit', '--help', '--version'],
    complete: true,
  });
  const findings = unknownOptions('xargs', unknown);
  const argFile = seen.get('-a') ?? seen.get('--arg-file');
  const reads = argFile && argFile !== true ? [argFile] : [];
  const replaceOption = seen.get('-I') ?? seen.get('-i') ?? seen.get('--replace');
  const replace = replaceOption === undefined ? undefined : replaceOption === true ? '{}' : replaceOption.value;
  const command = next < words.length ? words.slice(next) : [ECHO];
  if (replace !== undefined && replace !== '') {
    return unwrapped('xargs', { commands: [command.map((w) => (w.value.includes(replace) ? { ...w, dynamic: true } : w))], findings, reads });
  }
  return unwrapped('xargs', { commands: [[...command, INPUT]], findings, reads });
}

const EXEC_ACTIONS = new Set(['-exec', '-execdir', '-ok', '-okdir']);

/**
 * `find … -exec COMMAND {} ;` runs COMMAND once per file (or `+` for many):
 * judge each COMMAND (with `{}` as a run-time value) and `find` without them.
 */
export function unwrapFind(words: readonly Word[]): Unwrapped {
  const self: Word[] = [];
  const commands: Word[][] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as Word;
    if (!EXEC_ACTIONS.has(w.value)) {
      self.push(w);
      continue;
    }
    const inner: Word[] = [];
    for (i++; i < words.length; i++) {
      const x = words[i] as Word;
      if (x.value === ';' || (x.value === '+' && inner.at(-1)?.value === '{}')) break;
      inner.push(x.value.includes('{}') ? { ...x, dynamic: true } : x);
    }
    if (inner.length > 0) commands.push(inner);
  }
  return unwrapped('find -exec', { self, commands });
}
