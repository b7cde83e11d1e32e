import { posix } from 'node:path';
import { isLiteral } from './word';
import type { Word } from './word';

/** Which options of a wrapper take a value, so the wrapped command can be found after them. */
export interface OptionSpec {
  /** Short option letters that take a value (`-u root` or `-uroot`). */
  readonly short?: string;
  /** Short option letters whose value is optional, attached only (`xargs -i{}`, `-l5`). */
  readonly shortOptional?: string;
  /** Long options that take a value (`--user root`, `--user=root`). */
  readonly long?: readonly string[];
  /** Long options whose value is optional, after `=` only (`xargs --max-lines[=N]`). */
  readonly longOptional?: readonly string[];
  /** Long options without a value. */
  readonly longFlags?: readonly string[];
  /** Short option letters without a value (with `complete`, any other letter is unknown). */
  readonly shortFlags?: string;
  /** `-NUM` is an option (`nice -10`). */
  readonly numeric?: boolean;
  /** Every option is listed, so unique prefixes resolve as getopt_long resolves them (`--max-l`) and an unlisted one is unknown. */
  readonly complete?: boolean;
}

/** Where the options of a wrapper end, and what was set. */
export interface ParsedOptions {
  /** Index of the first word after the options (`words.length` when none). */
  readonly next: number;
  /** Options seen, short as `-u` and long spelled out as `--user`, mapped to their value (or `true`). */
  readonly seen: ReadonlyMap<string, Word | true>;
  /** Long options that are not listed (or an ambiguous prefix): the reading after them may be wrong. */
  readonly unknown: readonly string[];
}

/**
 * Skips the options of a wrapper starting at `start`, the way getopt_long reads
 * them for a program that stops at its first operand: `--` and a lone `-` end
 * them, required values may be attached or the next word, optional ones only
 * attached. Dynamic words end the options too (the analyser asks about them).
 */
export function parseOptions(words: readonly Word[], start: number, spec: OptionSpec = {}): ParsedOptions {
  const seen = new Map<string, Word | true>();
  const unknown: string[] = [];
  const short = spec.short ?? '';
  const shortOptional = spec.shortOptional ?? '';
  let i = start;
  while (i < words.length) {
    const w = words[i] as Word;
    const v = w.value;
    if (!v.startsWith('-') || v === '-' || (w.dynamic && v.startsWith('$'))) break;
    i++;
    if (v === '--') break;
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const written = eq > 0 ? v.slice(0, eq) : v;
      const found = resolveLongOption(written, spec);
      if (!found) unknown.push(written);
      const name = found?.name ?? written;
      if (eq > 0) seen.set(name, { ...w, value: v.slice(eq + 1) });
      else if (found?.takes === 'required' && i < words.length) seen.set(name, words[i++] as Word);
      else seen.set(name, true);
      continue;
    }
    if (spec.numeric && /^-\d+$/.test(v)) continue;
    for (let k = 1; k < v.length; k++) {
      const letter = v[k] as string;
      const attached = v.slice(k + 1);
      if (spec.complete && !short.includes(letter) && !shortOptional.includes(letter) && !(spec.shortFlags ?? '').includes(letter)) unknown.push(`-${letter}`);
      if (short.includes(letter)) {
        if (attached !== '') seen.set(`-${letter}`, { ...w, value: attached });
        else if (i < words.length) seen.set(`-${letter}`, words[i++] as Word);
        else seen.set(`-${letter}`, true);
        break;
      }
      if (shortOptional.includes(letter)) {
        seen.set(`-${letter}`, attached !== '' ? { ...w, value: attached } : true);
        break;
      }
      seen.set(`-${letter}`, true);
    }
  }
  return { next: i, seen, unknown };
}

function resolveLongOption(written: string, spec: OptionSpec): { name: string; takes: 'required' | 'optional' | 'none' } | undefined {
  const lists: [readonly string[], 'required' | 'optional' | 'none'][] = [[spec.long ?? [], 'required'], [spec.longOptional ?? [], 'optional'], [spec.longFlags ?? [], 'none']];
  for (const [names, takes] of lists) if (names.includes(written)) return { name: written, takes };
  if (!spec.complete || written.length < 3) return undefined;
  const hits = lists.flatMap(([names, takes]) => names.filter((n) => n.startsWith(written)).map((name) => ({ name, takes })));
  return hits.length === 1 ? hits[0] : undefined;
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
