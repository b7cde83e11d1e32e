import { posix } from 'node:path';
import { isLiteral } from './word';
import type { Word } from './word';

/** Which options of a wrapper take a value, so the wrapped command can be found after them. */
export interface OptionSpec {
  /** Short option letters that take a value (`-u root` or `-uroot`). */
  readonly short?: string;
  /** Long options that take a value (`--user root`; `--user=root` needs no entry). */
  readonly long?: readonly string[];
}

/** Where the options of a wrapper end, and what was set. */
export interface ParsedOptions {
  /** Index of the first word after the options (`words.length` when none). */
  readonly next: number;
  /** Options seen, short as `-u` and long as `--user`, mapped to their value (or `true`). */
  readonly seen: ReadonlyMap<string, Word | true>;
}

/**
 * Skips the options of a wrapper starting at `start`. Stops at `--`, at a lone
 * `-`, or at the first word not starting with `-` (POSIX order, as the wrappers
 * we see through parse their own argv).
 */
export function parseOptions(words: readonly Word[], start: number, spec: OptionSpec = {}): ParsedOptions {
  const seen = new Map<string, Word | true>();
  const short = spec.short ?? '';
  const long = new Set(spec.long ?? []);
  let i = start;
  while (i < words.length) {
    const w = words[i] as Word;
    const v = w.value;
    if (!v.startsWith('-') || v === '-' || w.dynamic && v.startsWith('$')) break;
    i++;
    if (v === '--') break;
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      if (eq > 0) seen.set(v.slice(0, eq), { ...w, value: v.slice(eq + 1) });
      else if (long.has(v) && i < words.length) seen.set(v, words[i++] as Word);
      else seen.set(v, true);
      continue;
    }
    for (let k = 1; k < v.length; k++) {
      const letter = v[k] as string;
      if (short.includes(letter)) {
        const attached = v.slice(k + 1);
        if (attached !== '') seen.set(`-${letter}`, { ...w, value: attached });
        else if (i < words.length) seen.set(`-${letter}`, words[i++] as Word);
        else seen.set(`-${letter}`, true);
        break;
      }
      seen.set(`-${letter}`, true);
    }
  }
  return { next: i, seen };
}

/** The program name a word runs (`/usr/bin/sudo` → `sudo`), or undefined when not literal. */
export function programName(word: Word | undefined): string | undefined {
  if (!word || !isLiteral(word)) return undefined;
  return posix.basename(word.value);
}

/** Joins words into one shell source string (for `eval`, `watch`, `env -S` …). */
export function joinWords(words: readonly Word[]): Word {
  return {
    value: words.map((w) => w.value).join(' '),
    dynamic: words.some((w) => w.dynamic),
    glob: false,
  };
}
