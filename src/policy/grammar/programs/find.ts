import type { OptionSpec, ProgramGrammar } from '../grammar';

const word = (...names: string[]): OptionSpec[] => names.map((n) => ({ names: [n] }));
const withValue = (...names: string[]): OptionSpec[] => names.map((n) => ({ names: [n], arg: 'required' }));
const withPath = (...names: string[]): OptionSpec[] => names.map((n) => ({ names: [n], arg: 'required', kind: 'stat' }));

// -newerXY compares with another file's time X/Y, or with a date when Y is `t`.
const NEWER: OptionSpec[] = [...'amcB'].flatMap((x) => [...'amcBt'].map((y): OptionSpec => ({ names: [`-newer${x}${y}`], arg: 'required', kind: y === 't' ? 'value' : 'stat' })));

/**
 * `find` (GNU findutils 4.9) without its `-exec`/`-ok` clauses (the analyser
 * judges the commands they run on their own): tests and printing are
 * understood; `-delete` and the `-fprint` family write.
 */
export const FIND: ProgramGrammar = {
  name: 'find',
  summary: 'finds files',
  style: 'single-dash',
  options: [
    ...word('-H', '-L', '-P', '-O0', '-O1', '-O2', '-O3', '(', ')', '!', ',', '-not', '-a', '-and', '-o', '-or'),
    ...withValue('-D'),
    ...word('-d', '-depth', '-help', '--help', '-ignore_readdir_race', '-mount', '-noignore_readdir_race', '-noleaf', '-version', '--version', '-xdev', '-daystart', '-follow', '-warn', '-nowarn'),
    ...withValue('-maxdepth', '-mindepth', '-regextype'),
    { names: ['-files0-from'], arg: 'required', kind: 'read' },
    ...withValue('-amin', '-atime', '-cmin', '-ctime', '-fstype', '-gid', '-group', '-ilname', '-iname', '-inum', '-ipath', '-iregex', '-iwholename', '-links', '-lname',
      '-mmin', '-mtime', '-name', '-path', '-perm', '-regex', '-size', '-type', '-uid', '-used', '-user', '-wholename', '-xtype', '-context'),
    ...withPath('-anewer', '-cnewer', '-newer', '-samefile'),
    ...NEWER,
    ...word('-empty', '-executable', '-false', '-nogroup', '-nouser', '-readable', '-true', '-writable', '-ls', '-print', '-print0', '-prune', '-quit'),
    ...withValue('-printf'),
    { names: ['-delete'], effect: 'write', why: 'deletes the files it finds' },
    { names: ['-fls'], arg: 'required', kind: 'write', why: 'writes its listing to a file' },
    { names: ['-fprint'], arg: 'required', kind: 'write', why: 'writes its listing to a file' },
    { names: ['-fprint0'], arg: 'required', kind: 'write', why: 'writes its listing to a file' },
    { names: ['-fprintf'], arg: 'required', count: 2, kind: 'value', effect: 'write', why: 'writes its listing to a file' },
  ],
  operands: { kinds: ['stat'] },
  execCapable: true,
  execExamples: ['-exec sh -c id \\;', '-delete'],
  examples: {
    match: ['find . -name "*.ts" -type f', 'find src -maxdepth 2 -not -path "*/node_modules/*" -print0', 'find . \\( -name a -o -name b \\) -newermt 2024-01-01'],
    notMatch: ['find . -name "*.o" -delete', 'find . -fprint out', 'find . -fprintf out %p', 'find . -frobnicate'],
  },
};
