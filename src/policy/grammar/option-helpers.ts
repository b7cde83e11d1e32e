// Shorthands that keep the program tables readable: each group is the names of
// one option, space-separated (`'-n --lines'`).
import type { ArgKind, OperandSpec, OptionSpec } from './grammar';

const names = (group: string): string[] => group.split(' ').filter((n) => n !== '');

/** Options without an argument that only change what is printed. */
export function flags(...groups: string[]): OptionSpec[] {
  return groups.map((g) => ({ names: names(g) }));
}

/** Options with a required text argument (a number, a pattern, a format). */
export function values(...groups: string[]): OptionSpec[] {
  return groups.map((g) => ({ names: names(g), arg: 'required' }));
}

/** Options with an optional text argument, attached only (`--color=always`, `-i.bak`). */
export function optionals(...groups: string[]): OptionSpec[] {
  return groups.map((g) => ({ names: names(g), arg: 'optional' }));
}

/** An option whose argument is a file the program reads. */
export function reads(group: string, operands?: OperandSpec): OptionSpec {
  return { names: names(group), arg: 'required', kind: 'read', ...(operands ? { operands } : {}) };
}

/** An option whose argument is a path the program lists or stats. */
export function stats(group: string): OptionSpec {
  return { names: names(group), arg: 'required', kind: 'stat' };
}

/** An option whose argument is a file the program writes. */
export function writes(group: string, why: string, arg: 'required' | 'optional' = 'required'): OptionSpec {
  return { names: names(group), arg, kind: 'write', why };
}

/** An option whose argument is a program or code that runs. */
export function runs(group: string, why: string, arg: 'required' | 'optional' = 'required'): OptionSpec {
  return { names: names(group), arg, kind: 'exec', why };
}

/** An option that writes, runs something or changes state by itself. */
export function effect(group: string, kind: 'write' | 'exec' | 'state', why: string, arg?: 'required' | 'optional', argKind?: ArgKind): OptionSpec {
  return { names: names(group), effect: kind, why, ...(arg ? { arg } : {}), ...(argKind ? { kind: argKind } : {}) };
}

/** `--help` and `--version`, which every GNU program has. */
export const HELP_VERSION: OptionSpec[] = flags('--help', '--version');
