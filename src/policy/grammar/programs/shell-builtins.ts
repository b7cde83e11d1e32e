// Bash builtins that only print, test or move around. Builtins that set
// variables (`read`, `declare`, `export`, `local`, `printf -v` …) have no
// grammar on purpose: the analyser does not follow what they set, so they ask.
import type { ProgramGrammar } from '../grammar';
import { flags } from '../option-helpers';

const anyWords = (name: string, summary: string, aliases?: string[]): ProgramGrammar => ({
  name, summary, freeForm: true, options: [], operands: { kinds: ['value'] }, ...(aliases ? { aliases } : {}),
});

/** `echo`: every word is printed (an unknown `-x` too). */
export const ECHO: ProgramGrammar = { ...anyWords('echo', 'prints its arguments'), examples: { match: ['echo hello world', 'echo -n "$(pwd)"', 'echo -x $HOME'] } };
/** `true`, `false`, `:`: do nothing. */
export const TRUE: ProgramGrammar = anyWords('true', 'does nothing', ['false', ':']);
/** `test` and `[`: evaluate a condition (`test -v` with a run-time name is caught by the analyser). */
export const TEST: ProgramGrammar = { ...anyWords('test', 'tests a condition', ['[']), examples: { match: ['test -f a', '[ -d src ]'] } };
/** `printf`: prints; `-v` assigns a variable instead, which the analyser does not follow. */
export const PRINTF: ProgramGrammar = {
  name: 'printf',
  summary: 'prints formatted text',
  posixOrder: true,
  options: [{ names: ['-v'], arg: 'required', effect: 'state', why: 'assigns the output to a variable (bash evaluates an array subscript in its name)' }],
  operands: { kinds: ['value'] },
  examples: { match: ['printf "%s\\n" a b', 'printf -- "-x"'], notMatch: ['printf -v x %s y', 'printf "$fmt" y'] },
};
/** `cd`: changes folder (later relative paths are checked from there). */
export const CD: ProgramGrammar = { name: 'cd', summary: 'changes folder', posixOrder: true, options: flags('-L', '-P', '-e', '-@'), operands: { kinds: ['stat'], max: 1 }, examples: { match: ['cd src', 'cd', 'cd ..'] } };
/** `pushd`. */
export const PUSHD: ProgramGrammar = { name: 'pushd', summary: 'changes folder', posixOrder: true, numericOption: true, options: flags('-n'), operands: { kinds: ['stat'], max: 1 } };
/** `popd`. */
export const POPD: ProgramGrammar = { name: 'popd', summary: 'changes folder back', posixOrder: true, numericOption: true, options: flags('-n'), operands: { kinds: ['value'], max: 1 } };
/** `dirs`. */
export const DIRS: ProgramGrammar = { name: 'dirs', summary: 'prints the folder stack', posixOrder: true, numericOption: true, options: flags('-c', '-l', '-p', '-v'), operands: { kinds: ['value'], max: 1 } };
/** `exit`, `return`, `shift`: end or shift with a number. */
export const EXIT: ProgramGrammar = { name: 'exit', aliases: ['return', 'shift'], summary: 'ends the shell or function', options: [], operands: { kinds: ['value'], max: 1 } };
/** `wait` (`-p VAR` would assign a variable). */
export const WAIT: ProgramGrammar = { name: 'wait', summary: 'waits for background jobs', posixOrder: true, options: flags('-f', '-n'), operands: { kinds: ['value'] } };
/** `jobs`. */
export const JOBS: ProgramGrammar = { name: 'jobs', summary: 'lists background jobs', posixOrder: true, options: flags('-l', '-n', '-p', '-r', '-s'), operands: { kinds: ['value'] } };
/** `type`: says what a name runs. */
export const TYPE: ProgramGrammar = { name: 'type', summary: 'says what a name runs', posixOrder: true, options: flags('-a', '-f', '-p', '-P', '-t'), operands: { kinds: ['value'] }, examples: { match: ['type -a ls'] } };
/** `command -v|-V NAME`: says what a name runs (with a command to run, the analyser judges that command). */
export const COMMAND: ProgramGrammar = { name: 'command', summary: 'says what a name runs', posixOrder: true, options: flags('-p', '-v', '-V'), operands: { kinds: ['value'] }, examples: { match: ['command -v git'] } };
/** `umask` without a new mask prints the current one. */
export const UMASK: ProgramGrammar = { name: 'umask', summary: 'prints the file mode mask', options: flags('-p', '-S'), operands: { kinds: [], max: 0 } };
/**
 * `set` with shell options that only make errors stop the script or trace it.
 * `-k` (assignments anywhere become environment), `-o posix` and `set -- ARGS` are not understood.
 */
export const SET: ProgramGrammar = {
  name: 'set',
  summary: 'sets shell options',
  freeForm: true,
  options: [],
  operands: {
    kinds: ['value'],
    pattern: /^([-+][euxvCfabhBHPnmETo]+|[-+]o|--?|pipefail|errexit|nounset|xtrace|verbose|noclobber|noglob|allexport|notify|noexec|hashall|monitor|braceexpand|errtrace|functrace|physical|ignoreeof|interactive-comments)$/,
  },
  examples: { match: ['set -euo pipefail', 'set +x', 'set -e'], notMatch: ['set -k', 'set -o posix', 'set -- .env'] },
};
