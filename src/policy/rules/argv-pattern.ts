import { posix } from 'node:path';
import type { Word } from '../command/word';

/** One token of an argv pattern. */
export type PatternToken =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'regex'; readonly regex: RegExp; readonly text: string }
  | { readonly kind: 'one'; readonly text: string }
  | { readonly kind: 'many'; readonly text: string };

/** A compiled argv pattern. */
export interface ArgvPattern {
  readonly tokens: readonly PatternToken[];
  readonly exact: boolean;
  /** The literal program name, when the first token is one (for indexing). */
  readonly program: string | undefined;
  /** The pattern as written, for explanations. */
  readonly text: string;
  /** For a whole-line pattern (`/regex/` alone): tested against the argv joined by spaces. */
  readonly line?: RegExp;
}

/** How strictly words only known at run time are compared. */
export type MatchMode =
  /** Dynamic words only match wildcards: the rule surely applies. */
  | 'certain'
  /** Dynamic and glob words may match anything and expand to any number of words: the rule may apply. */
  | 'possible';

/** Compiles a `/regex/flags` tested against a sub-command's argv joined by spaces. */
export function compileLinePattern(text: string): ArgvPattern {
  const re = /^\/(.+)\/([imsu]*)$/s.exec(text);
  if (!re) throw new Error(`${text} is not a /regex/`);
  try {
    return { tokens: [], exact: false, program: undefined, text, line: new RegExp(re[1] as string, re[2]) };
  } catch (err) {
    throw new Error(`${text} is not a valid regular expression: ${(err as Error).message}`, { cause: err });
  }
}

/** Compiles pattern tokens; throws an Error saying which token is wrong. */
export function compileArgvPattern(tokens: readonly string[], exact = false): ArgvPattern {
  if (tokens.length === 0) throw new Error('a rule pattern needs at least one token');
  const compiled = tokens.map((t, i): PatternToken => {
    if (typeof t !== 'string' || t === '') throw new Error(`pattern token ${i} must be a non-empty string`);
    if (t === '**') return { kind: 'many', text: t };
    if (t === '*') return i === tokens.length - 1 && !exact ? { kind: 'many', text: t } : { kind: 'one', text: t };
    const re = /^\/(.+)\/([imsu]*)$/s.exec(t);
    if (re) {
      try {
        return { kind: 'regex', regex: new RegExp(re[1] as string, re[2]), text: t };
      } catch (err) {
        throw new Error(`pattern token ${i} (${t}) is not a valid regular expression: ${(err as Error).message}`, { cause: err });
      }
    }
    return { kind: 'literal', text: t };
  });
  const first = compiled[0];
  return { tokens: compiled, exact, program: first?.kind === 'literal' ? first.text : undefined, text: JSON.stringify(tokens) };
}

// Where real programs live: `/usr/bin/ls` is `ls`, but `./ls` or `/workspace/ls`
// is whatever the agent wrote there, so an allow rule for `ls` must not cover it.
const SYSTEM_BIN_DIRS = new Set(['/bin', '/usr/bin', '/usr/local/bin', '/sbin', '/usr/sbin', '/usr/local/sbin']);

/**
 * Whether a pattern matches argv words. `strictProgram` (for allow rules) keeps
 * a path-qualified program name from matching unless it lives in a system bin dir;
 * deny and ask rules see `/bin/rm`, `./rm` and `rm` alike.
 */
export function matchArgvPattern(pattern: ArgvPattern, words: readonly Word[], mode: MatchMode, strictProgram: boolean): boolean {
  if (pattern.line) {
    const line = pattern.line;
    return line.test(words.map((w) => w.value).join(' ')) || (mode === 'possible' && words.some(expandable));
  }
  const { tokens } = pattern;
  const n = words.length;
  const failed = new Set<number>();
  const go = (i: number, j: number): boolean => {
    const key = i * (n + 1) + j;
    if (failed.has(key)) return false;
    let ok: boolean;
    if (i === tokens.length) {
      ok = !pattern.exact || j === n || (mode === 'possible' && words.slice(j).every(expandable));
    } else {
      const tok = tokens[i] as PatternToken;
      if (tok.kind === 'many') {
        ok = go(i + 1, j) || (j < n && go(i, j + 1));
      } else if (j === n) {
        ok = false;
      } else {
        const w = words[j] as Word;
        if (mode === 'possible' && expandable(w)) {
          // Could expand to no word, this one, or several.
          ok = go(i, j + 1) || go(i + 1, j + 1) || go(i + 1, j);
        } else {
          ok = tokenMatches(tok, w, j === 0, strictProgram) && go(i + 1, j + 1);
        }
      }
    }
    if (!ok) failed.add(key);
    return ok;
  };
  return go(0, 0);
}

function expandable(w: Word): boolean {
  return w.dynamic || w.glob;
}

function tokenMatches(tok: PatternToken, w: Word, isProgram: boolean, strictProgram: boolean): boolean {
  if (tok.kind === 'one') return true;
  if (w.dynamic) return false;
  const values = isProgram ? programValues(w.value, strictProgram) : [w.value];
  if (tok.kind === 'literal') return values.includes(tok.text);
  if (tok.kind === 'regex') return values.some((v) => tok.regex.test(v));
  return true;
}

function programValues(value: string, strictProgram: boolean): string[] {
  if (!value.includes('/')) return [value];
  const base = posix.basename(value);
  if (!strictProgram) return [value, base];
  return SYSTEM_BIN_DIRS.has(posix.dirname(posix.normalize(value))) ? [value, base] : [value];
}
