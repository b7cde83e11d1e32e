import { joinWords, parseOptions } from './options';
import { isLiteral, literalWord } from './word';
import type { Word } from './word';
import { shellDialect } from './shell-dialect';
import { privileged, unwrapped } from './unwrapped';
import type { Unwrapped } from './unwrapped';

/**
 * Shells whose `-c STRING` we parse with the bash grammar to find what runs; a
 * script for any but bash must keep to what it and bash read alike (`sh` is dash).
 */
export const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'yash', 'posh', 'rbash', 'fish', 'csh', 'tcsh']);

// Wrappers that hand their string to `sh -c` (dash), or to the user's shell.
const POSIX = { dialect: 'posix' as const };

/** The finding for text run as shell code by the shell itself (`eval`, `trap`): analysed, but a person decides. */
function evaluatedText(label: string, script: Word): Unwrapped['findings'] {
  if (!isLiteral(script)) return [];
  return [{ kind: 'evaluated-text', verdict: 'ask', reason: `\`${label}\` runs text as shell code; the policy analyses it, but does not run it without a person` }];
}

/**
 * `bash [options] -c STRING [NAME [ARGS]]` runs STRING; `bash FILE` runs a file
 * (judged as itself); `bash` with neither reads commands from stdin, which we can
 * only see when it is a heredoc or herestring.
 */
export function unwrapShell(name: string, words: readonly Word[], stdin: Word | undefined): Unwrapped {
  let runsString = false;
  let i = 1;
  for (; i < words.length; i++) {
    const v = (words[i] as Word).value;
    if (v === '--' || v === '-') {
      i++;
      break;
    }
    if (!/^[-+]/.test(v)) break;
    if (/^[-+][oO]$/.test(v) || v === '--rcfile' || v === '--init-file') {
      i++;
      continue;
    }
    if (!v.startsWith('--') && v.slice(1).includes('c')) runsString = true;
  }
  const label = `${name} -c`;
  const dialect = shellDialect(name);
  if (runsString) {
    const script = words[i];
    if (!script) return unwrapped(label, { self: words });
    return unwrapped(label, { scripts: [script], dialect });
  }
  if (i < words.length) return unwrapped(name, { self: words });
  if (stdin) return unwrapped(`${name} <<`, { scripts: [stdin], dialect });
  return unwrapped(name, {
    findings: [{ kind: 'shell-stdin', verdict: 'ask', reason: `\`${name}\` runs commands read from its input (a pipe such as \`curl … | ${name}\`), which cannot be checked here` }],
  });
}

/** `eval ARGS…` runs its arguments joined by spaces as shell source. */
export function unwrapEval(words: readonly Word[]): Unwrapped {
  if (words.length < 2) return unwrapped('eval', {});
  const script = joinWords(words.slice(1));
  return unwrapped('eval', { scripts: [script], findings: evaluatedText('eval', script) });
}

/** `su [options] [-] [USER] [-c COMMAND]`, `runuser …`: a shell as another user. */
export function unwrapSu(name: string, words: readonly Word[]): Unwrapped {
  const { seen } = parseOptions(words, 1, { short: 'csgGw', long: ['--command', '--session-command', '--shell', '--group', '--supp-group', '--whitelist-environment'] });
  let command = seen.get('-c') ?? seen.get('--command') ?? seen.get('--session-command');
  if (!command) {
    // Options may follow the user name: `su root -c 'cmd'`.
    const at = words.findIndex((w, k) => k > 0 && (w.value === '-c' || w.value === '--command'));
    command = at > 0 ? words[at + 1] : undefined;
  }
  if (!command || command === true) {
    return unwrapped(name, { self: words, findings: [privileged(name), { kind: 'shell-stdin', verdict: 'ask', reason: `\`${name}\` without -c opens an interactive shell` }] });
  }
  return unwrapped(`${name} -c`, { scripts: [command], findings: [privileged(name)], ...POSIX });
}

/** `sg GROUP [-c] COMMAND`: runs COMMAND (a shell string) with another group. */
export function unwrapSg(words: readonly Word[]): Unwrapped {
  const rest = words.slice(2).filter((w) => w.value !== '-c');
  if (rest.length === 0) return unwrapped('sg', { self: words, findings: [privileged('sg')] });
  return unwrapped('sg', { scripts: [joinWords(rest)], findings: [privileged('sg')], ...POSIX });
}

/** `watch [options] COMMAND…` joins its arguments and runs them with `sh -c` (or directly with `-x`). */
export function unwrapWatch(words: readonly Word[]): Unwrapped {
  const { next, seen } = parseOptions(words, 1, { short: 'nq', long: ['--interval', '--equexit'] });
  const rest = words.slice(next);
  if (rest.length === 0) return unwrapped('watch', { self: words });
  if (seen.has('-x') || seen.has('--exec')) return unwrapped('watch', { commands: [rest] });
  return unwrapped('watch', { scripts: [joinWords(rest)], ...POSIX });
}

const PARALLEL_SEPARATORS = new Set([':::', '::::', ':::+', '::::+']);
const PLACEHOLDER = /\{(\d*|\.|\/|\/\/|\/\.|#|%)\}/g;

/**
 * `parallel [options] COMMAND ::: ARGS…` runs COMMAND through a shell for each
 * argument; placeholders (`{}`, `{1}` …) and the appended argument are run-time values.
 */
export function unwrapParallel(words: readonly Word[]): Unwrapped {
  const { next, seen } = parseOptions(words, 1, {
    short: 'jSIaCdnNLPeE',
    long: ['--jobs', '--sshlogin', '--replace', '--arg-file', '--colsep', '--delimiter', '--max-args', '--max-lines', '--max-procs', '--eof', '--timeout', '--joblog', '--results', '--workdir', '--tmpdir'],
  });
  const end = words.findIndex((w, k) => k >= next && PARALLEL_SEPARATORS.has(w.value));
  const command = words.slice(next, end < 0 ? undefined : end);
  if (command.length === 0) {
    return unwrapped('parallel', { findings: [{ kind: 'shell-stdin', verdict: 'ask', reason: '`parallel` without a command runs the lines of its input as commands, which cannot be checked here' }] });
  }
  const argFile = seen.get('-a') ?? seen.get('--arg-file');
  const reads = argFile && argFile !== true ? [argFile] : [];
  const joined = joinWords(command);
  const hasPlaceholder = PLACEHOLDER.test(joined.value);
  const value = hasPlaceholder ? joined.value.replace(PLACEHOLDER, '"$PARALLEL_ARG"') : `${joined.value} "$PARALLEL_ARG"`;
  return unwrapped('parallel', { scripts: [{ ...joined, value }], reads, ...POSIX });
}

/** `flock [options] FILE COMMAND…` or `flock FILE -c STRING`; FILE is created when missing (a write). */
export function unwrapFlock(words: readonly Word[]): Unwrapped {
  const { next, seen } = parseOptions(words, 1, { short: 'wEc', long: ['--wait', '--timeout', '--conflict-exit-code', '--command'] });
  const lock = words[next];
  const writes = lock && !/^\d+$/.test(lock.value) ? [lock] : [];
  const command = seen.get('-c') ?? seen.get('--command');
  if (command && command !== true) return unwrapped('flock -c', { scripts: [command], writes, ...POSIX });
  const rest = words.slice(next + 1);
  const c = rest.findIndex((w) => w.value === '-c' || w.value === '--command');
  if (c >= 0 && rest[c + 1]) return unwrapped('flock -c', { scripts: [rest[c + 1] as Word], writes, ...POSIX });
  if (rest.length === 0) return unwrapped('flock', { self: words });
  return unwrapped('flock', { commands: [rest], writes });
}

/** `script [options] -c COMMAND [FILE]` runs COMMAND in a pseudo-terminal, writing FILE (default `typescript`); without -c it opens a shell. */
export function unwrapScript(words: readonly Word[]): Unwrapped {
  const { next, seen } = parseOptions(words, 1, { short: 'cEIOTBt', shortOptional: '', long: ['--command', '--echo', '--log-in', '--log-out', '--log-timing', '--log-io', '--output-limit', '--logging-format'] });
  const command = seen.get('-c') ?? seen.get('--command');
  const logs = ['-I', '--log-in', '-O', '--log-out', '-B', '--log-io', '-T', '--log-timing'].flatMap((o) => {
    const v = seen.get(o);
    return v && v !== true ? [v] : [];
  });
  const file = words[next] ?? (logs.length === 0 ? literalWord('typescript') : undefined);
  const writes = [...logs, ...(file ? [file] : [])];
  if (command && command !== true) return unwrapped('script -c', { scripts: [command], writes, ...POSIX });
  return unwrapped('script', { self: words, writes });
}

/** `trap 'COMMANDS' SIGNALS…` runs COMMANDS later, when a signal (or EXIT) arrives. */
export function unwrapTrap(words: readonly Word[]): Unwrapped {
  const action = words[1];
  if (!action || words.length < 3 || action.value.startsWith('-') || action.value === '') return unwrapped('trap', { self: words });
  return unwrapped('trap', { scripts: [action], findings: evaluatedText('trap', action) });
}
