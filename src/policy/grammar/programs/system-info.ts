// Programs that print facts about the system, the user or the environment.
import type { ProgramGrammar } from '../grammar';
import { flags, HELP_VERSION, reads, values } from '../option-helpers';

const simple = (name: string, summary: string, options = HELP_VERSION, max = 0): ProgramGrammar => ({
  name, summary, abbreviations: true, options, operands: max === 0 ? { kinds: [], max: 0 } : { kinds: ['value'], max },
});

/** `pwd`. */
export const PWD: ProgramGrammar = { ...simple('pwd', 'prints the current folder', flags('-L', '-P')), abbreviations: false, examples: { match: ['pwd', 'pwd -P'] } };
/** `whoami`. */
export const WHOAMI: ProgramGrammar = simple('whoami', 'prints the user name');
/** `groups`. */
export const GROUPS: ProgramGrammar = simple('groups', 'prints group names', HELP_VERSION, Infinity);
/** `id`. */
export const ID: ProgramGrammar = simple('id', 'prints user and group ids', [...flags('-a', '-Z --context', '-g --group', '-G --groups', '-n --name', '-r --real', '-u --user', '-z --zero'), ...HELP_VERSION], Infinity);
/** `uname`. */
export const UNAME: ProgramGrammar = simple('uname', 'prints system information', [
  ...flags('-a --all', '-s --kernel-name', '-n --nodename', '-r --kernel-release', '-v --kernel-version', '-m --machine', '-p --processor', '-i --hardware-platform', '-o --operating-system'),
  ...HELP_VERSION,
]);
/** `nproc`. */
export const NPROC: ProgramGrammar = simple('nproc', 'prints the number of processors', [...flags('--all'), ...values('--ignore'), ...HELP_VERSION]);
/** `uptime` (procps). */
export const UPTIME: ProgramGrammar = simple('uptime', 'prints how long the system has run', flags('-p --pretty', '-h --help', '-s --since', '-V --version'));
/** `free` (procps). */
export const FREE: ProgramGrammar = simple('free', 'prints memory use', [
  ...flags('-b --bytes', '--kilo', '--mega', '--giga', '--tera', '--peta', '-k --kibi', '-m --mebi', '-g --gibi', '--tebi', '--pebi', '-h --human', '--si', '-l --lohi',
    '-t --total', '-v --committed', '-w --wide', '--help', '-V --version'),
  ...values('-s --seconds', '-c --count'),
]);
/** `tty`. */
export const TTY: ProgramGrammar = simple('tty', 'prints the terminal name', [...flags('-s --silent --quiet'), ...HELP_VERSION]);
/** `locale`. */
export const LOCALE: ProgramGrammar = simple('locale', 'prints locale settings', [...flags('-a --all-locales', '-m --charmaps', '-c --category-name', '-k --keyword-name', '-v --verbose', '--help', '--usage', '-V --version')], Infinity);
/** `lsb_release`. */
export const LSB_RELEASE: ProgramGrammar = { ...simple('lsb_release', 'prints the distribution', flags('-a --all', '-i --id', '-d --description', '-r --release', '-c --codename', '-s --short', '-h --help', '-v --version')), abbreviations: false };
/** `printenv`: prints the environment, or some variables. */
export const PRINTENV: ProgramGrammar = simple('printenv', 'prints environment variables', [...flags('-0 --null'), ...HELP_VERSION], Infinity);
/** `env` with no command: prints the environment (a command after it is judged on its own). */
export const ENV: ProgramGrammar = simple('env', 'prints the environment', [...flags('-0 --null', '-i --ignore-environment', '--list-signal-handling', '-v --debug'), ...HELP_VERSION]);
/** `hostname` without a new name (with one it renames the host). */
export const HOSTNAME: ProgramGrammar = {
  ...simple('hostname', 'prints the host name', flags('-f --fqdn --long', '-s --short', '-d --domain', '-i --ip-address', '-I --all-ip-addresses', '-A --all-fqdns', '-a --alias', '-y --yp --nis', '-h --help', '-V --version')),
  abbreviations: false,
  examples: { match: ['hostname', 'hostname -f'], notMatch: ['hostname evil'] },
};
/** `date`: prints the date; an operand without `+` (or `-s`) sets the clock. */
export const DATE: ProgramGrammar = {
  name: 'date',
  summary: 'prints the date',
  abbreviations: true,
  options: [
    ...values('-d --date', '--rfc-3339'),
    ...flags('--debug', '--resolution', '-R --rfc-email', '-u --utc --universal'),
    { names: ['-I', '--iso-8601'], arg: 'optional' },
    reads('-f --file'),
    { names: ['-r', '--reference'], arg: 'required', kind: 'stat' },
    { names: ['-s', '--set'], arg: 'required', effect: 'state', why: 'sets the system clock' },
    ...HELP_VERSION,
  ],
  operands: { kinds: ['value'], max: 1, pattern: /^\+/ },
  examples: { match: ['date', 'date +%s', 'date -u +%Y-%m-%dT%H:%M:%SZ', 'date -d yesterday'], notMatch: ['date -s now', 'date 0101000024', 'date -f.env', 'date --set=x'] },
};
/** `which` (debianutils). */
export const WHICH: ProgramGrammar = { name: 'which', summary: 'finds programs on PATH', options: flags('-a', '-s'), operands: { kinds: ['value'] }, examples: { match: ['which node'] } };
/** `seq`. */
export const SEQ: ProgramGrammar = simple('seq', 'prints numbers', [...values('-f --format', '-s --separator'), ...flags('-w --equal-width'), ...HELP_VERSION], 3);
/** `sleep`. */
export const SLEEP: ProgramGrammar = simple('sleep', 'waits', HELP_VERSION, Infinity);
/** `ps` (procps): prints processes; its options (BSD, UNIX and GNU styles) only choose what to print. */
export const PS: ProgramGrammar = { name: 'ps', summary: 'prints processes', freeForm: true, options: [], operands: { kinds: ['value'] }, examples: { match: ['ps aux', 'ps -ef', 'ps -o pid,cmd -p 1'] } };
/** `getconf`. */
export const GETCONF: ProgramGrammar = { name: 'getconf', summary: 'prints system limits', options: [...flags('-a'), ...values('-v')], operands: { kinds: ['value'], max: 2 }, examples: { match: ['getconf PAGE_SIZE'] } };
/** `arch`. */
export const ARCH: ProgramGrammar = simple('arch', 'prints the machine architecture');
/** `logname`, `users`: print user names. */
export const LOGNAME: ProgramGrammar = { ...simple('logname', 'prints the login name'), aliases: ['users'] };
/** `cal` (`ncal`). */
export const CAL: ProgramGrammar = { name: 'cal', summary: 'prints a calendar', freeForm: true, options: [], operands: { kinds: ['value'] }, examples: { match: ['cal'] } };
/** `expr`: prints the value of an expression (no file, no code). */
export const EXPR: ProgramGrammar = { name: 'expr', summary: 'evaluates an expression', freeForm: true, options: [], operands: { kinds: ['value'] }, examples: { match: ['expr 1 + 2'] } };
