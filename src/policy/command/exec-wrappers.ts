import { literalWord } from './word';
import type { Word } from './word';
import { parseOptions } from './options';
import type { OptionSpec } from './options';
import { privileged, unknownOptions, unwrapped } from './unwrapped';
import type { Unwrapped } from './unwrapped';

/** A wrapper that takes options, maybe fixed positionals, then the command it runs. */
interface PrefixWrapper {
  readonly options?: OptionSpec;
  /** Positionals between the options and the command (`timeout DURATION`, `chroot NEWROOT`). */
  readonly positionals?: number;
  /** Options after which there is no command (it acts on a pid, or only looks something up). */
  readonly noCommandWith?: readonly string[];
  /** Options whose value is a file the wrapper writes. */
  readonly writeOptions?: readonly string[];
  readonly privileged?: boolean;
}

const PREFIX_WRAPPERS: Record<string, PrefixWrapper> = {
  sudo: { options: { short: 'ugpCDrtUThR', long: ['--user', '--group', '--prompt', '--close-from', '--chdir', '--role', '--type', '--other-user', '--command-timeout', '--host', '--chroot'] }, noCommandWith: ['-l', '--list', '-e', '--edit', '-v', '--validate', '-k', '-K'], privileged: true },
  doas: { options: { short: 'uC' }, privileged: true },
  timeout: { options: { short: 'sk', shortFlags: 'pv', long: ['--signal', '--kill-after'], longFlags: ['--foreground', '--preserve-status', '--verbose', '--help', '--version'], complete: true }, positionals: 1 },
  nice: { options: { short: 'n', numeric: true, long: ['--adjustment'], longFlags: ['--help', '--version'], complete: true } },
  nohup: { options: { longFlags: ['--help', '--version'], complete: true } },
  time: { options: { short: 'fo', long: ['--format', '--output'] }, writeOptions: ['-o', '--output'] },
  command: { noCommandWith: ['-v', '-V'] },
  builtin: {},
  exec: { options: { short: 'a' } },
  stdbuf: { options: { short: 'ioe', long: ['--input', '--output', '--error'], longFlags: ['--help', '--version'], complete: true } },
  ionice: { options: { short: 'cnpPu', long: ['--class', '--classdata', '--pid', '--pgid', '--uid'] }, noCommandWith: ['-p', '-P', '-u', '--pid', '--pgid', '--uid'] },
  chroot: { options: { long: ['--userspec', '--groups'] }, positionals: 1, privileged: true },
  setsid: { options: { shortFlags: 'cfwhV', longFlags: ['--ctty', '--fork', '--wait', '--help', '--version'], complete: true } },
  taskset: { positionals: 1, noCommandWith: ['-p', '--pid'] },
  chrt: { options: { short: 'TPD', long: ['--sched-runtime', '--sched-period', '--sched-deadline'] }, positionals: 1, noCommandWith: ['-p', '--pid', '-m', '--max'] },
  coproc: {},
  unshare: { privileged: true },
  nsenter: { options: { short: 'tSGw', long: ['--target', '--setuid', '--setgid', '--wd'] }, privileged: true },
  strace: { options: { short: 'oepsuEaIbXPSOU', long: ['--output', '--expr', '--attach', '--string-limit', '--user', '--env'] }, noCommandWith: ['-p', '--attach'], writeOptions: ['-o', '--output'] },
  ltrace: { options: { short: 'oepsuEaAnlxXLFw', long: ['--output'] }, noCommandWith: ['-p'], writeOptions: ['-o', '--output'] },
  catchsegv: {},
  valgrind: {},
  caffeinate: { options: { short: 'tw' } },
};

/** Sees through `sudo`, `timeout`, `nice`, `nohup`, `command`, `exec` and the like. */
export function unwrapPrefix(name: string, words: readonly Word[]): Unwrapped | undefined {
  const spec = PREFIX_WRAPPERS[name];
  if (!spec) return undefined;
  const { next, seen, unknown } = parseOptions(words, 1, spec.options);
  const findings = [...(spec.privileged ? [privileged(name)] : []), ...unknownOptions(name, unknown)];
  const writes = (spec.writeOptions ?? []).flatMap((o) => {
    const v = seen.get(o);
    return v && v !== true ? [v] : [];
  });
  const start = next + (spec.positionals ?? 0);
  if (spec.noCommandWith?.some((o) => seen.has(o)) || start >= words.length) {
    // Nothing is wrapped: judge the wrapper's own argv. `exec` alone only sets up redirections.
    return unwrapped(name, { self: name === 'exec' ? undefined : words, findings, writes });
  }
  return unwrapped(name, { commands: [words.slice(start)], findings, writes });
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** `env [-i] [-u NAME] [-C DIR] [-S STRING] [NAME=VALUE]… [COMMAND …]` (GNU coreutils 9.1). */
export function unwrapEnv(words: readonly Word[]): Unwrapped {
  const { next, seen, unknown } = parseOptions(words, 1, {
    short: 'uCS',
    shortFlags: 'i0v',
    long: ['--unset', '--chdir', '--split-string'],
    longOptional: ['--block-signal', '--default-signal', '--ignore-signal'],
    longFlags: ['--ignore-environment', '--null', '--list-signal-handling', '--debug', '--help', '--version'],
    complete: true,
  });
  const assignments: string[] = [];
  let i = next;
  while (i < words.length && ENV_NAME.test((words[i] as Word).value)) assignments.push((words[i++] as Word).value);
  const split = seen.get('-S') ?? seen.get('--split-string');
  const findings = unknownOptions('env', unknown);
  // Paths are checked from the folder the line runs in; `env -C DIR` moves the command elsewhere.
  const chdir = seen.get('-C') ?? seen.get('--chdir');
  if (chdir !== undefined) findings.push({ kind: 'not-understood', verdict: 'ask', reason: `\`env -C\` runs the command in ${chdir === true ? 'another folder' : `\`${chdir.value}\``}, from where the paths it names are not checked` });
  if (split && split !== true) {
    // -S splits one string into argv; close enough to a shell line to analyse as one.
    const rest = words.slice(i).map((w) => w.value).join(' ');
    return unwrapped('env -S', { scripts: [{ ...split, value: `${split.value} ${rest}`.trim() }], assignments, findings });
  }
  if (i >= words.length) return unwrapped('env', { self: words, assignments, findings });
  return unwrapped('env', { commands: [words.slice(i)], assignments, findings });
}

/** `busybox APPLET …` runs the applet. */
export function unwrapBusybox(words: readonly Word[]): Unwrapped {
  const applet = words[1];
  if (!applet || applet.value.startsWith('-')) return unwrapped('busybox', { self: words });
  return unwrapped('busybox', { commands: [words.slice(1)] });
}

/** A literal word, for wrappers that supply a default command (`xargs` runs `echo`). */
export const ECHO = literalWord('echo');
