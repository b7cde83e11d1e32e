// Programs that create, change or delete files. None is allowed without asking;
// their grammars say which words are the files they change (checked against
// protected paths) and spell out abbreviated options (`rm --recur` is
// `rm --recursive`) so deny rules see the canonical argv.
import type { ProgramGrammar } from '../grammar';
import { flags, HELP_VERSION, optionals, values } from '../option-helpers';

/** `rm`. */
export const RM: ProgramGrammar = {
  name: 'rm',
  summary: 'deletes files',
  abbreviations: true,
  options: [
    ...flags('-f --force', '-i', '-I', '--one-file-system', '--no-preserve-root', '-r -R --recursive', '-d --dir', '-v --verbose'),
    ...optionals('--interactive', '--preserve-root'),
    ...HELP_VERSION,
  ],
  operands: { kinds: ['write'] },
  examples: { notMatch: ['rm x', 'rm -rf build', 'rm --recur x'] },
};

/** `rmdir`. */
export const RMDIR: ProgramGrammar = {
  name: 'rmdir',
  summary: 'deletes empty folders',
  abbreviations: true,
  options: [...flags('--ignore-fail-on-non-empty', '-p --parents', '-v --verbose'), ...HELP_VERSION],
  operands: { kinds: ['write'] },
};

/** `mkdir`. */
export const MKDIR: ProgramGrammar = {
  name: 'mkdir',
  summary: 'creates folders',
  abbreviations: true,
  options: [...flags('-p --parents', '-v --verbose', '-Z'), ...values('-m --mode'), ...optionals('--context'), ...HELP_VERSION],
  operands: { kinds: ['write'] },
  examples: { notMatch: ['mkdir -p build'] },
};

/** `touch`. */
export const TOUCH: ProgramGrammar = {
  name: 'touch',
  summary: 'creates files or changes their times',
  abbreviations: true,
  options: [...flags('-a', '-c --no-create', '-f', '-h --no-dereference', '-m'), ...values('-d --date', '-t', '--time'), { names: ['-r', '--reference'], arg: 'required', kind: 'stat' }, ...HELP_VERSION],
  operands: { kinds: ['write'] },
};

const COPY_OPTIONS = [
  ...flags('-a --archive', '--attributes-only', '-b', '--copy-contents', '-d', '-f --force', '-i --interactive', '-H', '-l --link', '-L --dereference', '-n --no-clobber',
    '-P --no-dereference', '-p', '--parents', '-R -r --recursive', '--remove-destination', '--strip-trailing-slashes', '-s --symbolic-link', '-T --no-target-directory',
    '-u --update', '-v --verbose', '-x --one-file-system', '-Z'),
  ...optionals('--backup', '--preserve', '--reflink', '--context'),
  ...values('--no-preserve', '--sparse', '-S --suffix'),
  { names: ['-t', '--target-directory'], arg: 'required' as const, kind: 'write' as const },
  ...HELP_VERSION,
];

/** `cp`: every operand is treated as changed (the last is the destination, unless `-t`). */
export const CP: ProgramGrammar = { name: 'cp', summary: 'copies files', abbreviations: true, options: COPY_OPTIONS, operands: { kinds: ['write'] } };

/** `mv`. */
export const MV: ProgramGrammar = {
  name: 'mv',
  summary: 'moves files',
  abbreviations: true,
  options: [
    ...flags('-b', '-f --force', '-i --interactive', '-n --no-clobber', '--strip-trailing-slashes', '-T --no-target-directory', '-u --update', '-v --verbose', '-Z --context'),
    ...optionals('--backup'),
    ...values('-S --suffix'),
    { names: ['-t', '--target-directory'], arg: 'required', kind: 'write' },
    ...HELP_VERSION,
  ],
  operands: { kinds: ['write'] },
};

/** `ln`. */
export const LN: ProgramGrammar = {
  name: 'ln',
  summary: 'creates links',
  abbreviations: true,
  options: [
    ...flags('-b', '-d -F --directory', '-f --force', '-i --interactive', '-L --logical', '-n --no-dereference', '-P --physical', '-r --relative', '-s --symbolic',
      '-T --no-target-directory', '-v --verbose'),
    ...optionals('--backup'),
    ...values('-S --suffix'),
    { names: ['-t', '--target-directory'], arg: 'required', kind: 'write' },
    ...HELP_VERSION,
  ],
  operands: { kinds: ['write'] },
};

// chmod reads `-w`, `-x`, `-rwx` … as a mode, through getopt: they are options here too.
const MODE_LETTERS = [...'rwxXstugoa'].map((l) => ({ names: [`-${l}`], arg: 'optional' as const }));

/** `chmod`. */
export const CHMOD: ProgramGrammar = {
  name: 'chmod',
  summary: 'changes permissions',
  abbreviations: true,
  options: [
    ...flags('-c --changes', '-f --silent --quiet', '-v --verbose', '--no-preserve-root', '--preserve-root', '-R --recursive'),
    { names: ['--reference'], arg: 'required', kind: 'stat' },
    ...MODE_LETTERS,
    ...HELP_VERSION,
  ],
  operands: { kinds: ['value', 'write'] },
};

const OWNER_OPTIONS = [
  ...flags('-c --changes', '-f --silent --quiet', '-v --verbose', '--dereference', '-h --no-dereference', '--no-preserve-root', '--preserve-root', '-R --recursive', '-H', '-L', '-P'),
  ...values('--from'),
  { names: ['--reference'], arg: 'required' as const, kind: 'stat' as const },
  ...HELP_VERSION,
];

/** `chown`. */
export const CHOWN: ProgramGrammar = { name: 'chown', summary: 'changes owners', abbreviations: true, options: OWNER_OPTIONS, operands: { kinds: ['value', 'write'] } };

/** `chgrp`. */
export const CHGRP: ProgramGrammar = { name: 'chgrp', summary: 'changes groups', abbreviations: true, options: OWNER_OPTIONS.filter((o) => !o.names.includes('--from')), operands: { kinds: ['value', 'write'] } };

/** `tee`: writes its input to files. */
export const TEE: ProgramGrammar = {
  name: 'tee',
  summary: 'copies input to files',
  abbreviations: true,
  options: [...flags('-a --append', '-i --ignore-interrupts', '-p'), ...optionals('--output-error'), ...HELP_VERSION],
  operands: { kinds: ['write'] },
  examples: { notMatch: ['echo x | tee out'] },
};

/** `dd`: `if=` is read, `of=` written. */
export const DD: ProgramGrammar = {
  name: 'dd',
  summary: 'copies raw data',
  options: HELP_VERSION,
  operands: { kinds: ['value'], keyed: { if: 'read', of: 'write' } },
  effect: 'write',
  why: 'copies raw data',
};

/** `truncate`. */
export const TRUNCATE: ProgramGrammar = {
  name: 'truncate',
  summary: 'changes file sizes',
  abbreviations: true,
  options: [...flags('-c --no-create', '-o --io-blocks'), ...values('-s --size'), { names: ['-r', '--reference'], arg: 'required', kind: 'stat' }, ...HELP_VERSION],
  operands: { kinds: ['write'] },
};

/** `shred`. */
export const SHRED: ProgramGrammar = {
  name: 'shred',
  summary: 'overwrites files',
  abbreviations: true,
  options: [...flags('-f --force', '-u', '-v --verbose', '-x --exact', '-z --zero'), ...values('-n --iterations', '-s --size'), ...optionals('--remove'), { names: ['--random-source'], arg: 'required', kind: 'read' }, ...HELP_VERSION],
  operands: { kinds: ['write'] },
};
