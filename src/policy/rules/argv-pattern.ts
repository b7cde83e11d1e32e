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
  // A literal first token that cannot match ends most tries before any allocation.
  const first = pattern.tokens[0];
  const w0 = words[0];
  if (first?.kind === 'literal' && w0 !== undefined && !(mode === 'possible' && expandable(w0)) && !tokenMatches(first, w0, true, strictProgram)) return false;
  // Memo of (token, word) states already known to fail: keeps `**` and
  // expandable words linear-ish instead of exponential.
  const failed = new Uint8Array((pattern.tokens.length + 1) * (words.length + 1));
  return matchFrom(pattern, words, mode, strictProgram, 0, 0, failed);
}

function matchFrom(pattern: ArgvPattern, words: readonly Word[], mode: MatchMode, strictProgram: boolean, i: number, j: number, failed: Uint8Array): boolean {
  const { tokens } = pattern;
  const n = words.length;
  const key = i * (n + 1) + j;
  if (failed[key] === 1) return false;
  let ok: boolean;
  if (i === tokens.length) {
    ok = !pattern.exact || j === n || (mode === 'possible' && words.slice(j).every(expandable));
  } else {
    const tok = tokens[i] as PatternToken;
    if (tok.kind === 'many') {
      ok = matchFrom(pattern, words, mode, strictProgram, i + 1, j, failed) || (j < n && matchFrom(pattern, words, mode, strictProgram, i, j + 1, failed));
    } else if (j === n) {
      ok = false;
    } else {
      const w = words[j] as Word;
      if (mode === 'possible' && expandable(w)) {
        if (j > 0 && !mayBecome(tok, w)) {
          // A word that cannot become this token may still expand to nothing when it can split.
          ok = w.splits === true && matchFrom(pattern, words, mode, strictProgram, i, j + 1, failed);
        } else if (w.splits === true) {
          // Could expand to no word, this one, or several.
          ok = matchFrom(pattern, words, mode, strictProgram, i, j + 1, failed)
            || matchFrom(pattern, words, mode, strictProgram, i + 1, j + 1, failed)
            || matchFrom(pattern, words, mode, strictProgram, i + 1, j, failed);
        } else {
          ok = matchFrom(pattern, words, mode, strictProgram, i + 1, j + 1, failed);
        }
      } else {
        ok = tokenMatches(tok, w, j === 0, strictProgram) && matchFrom(pattern, words, mode, strictProgram, i + 1, j + 1, failed);
      }
    }
  }
  if (!ok) failed[key] = 1;
  return ok;
}

/** Whether a run-time argument could turn into something the token accepts (its literal prefix must fit a literal token). */
function mayBecome(tok: PatternToken, w: Word): boolean {
  if (!w.prefix) return true;
  if (tok.kind === 'literal') return tok.text.startsWith(w.prefix);
  if (tok.kind === 'regex') return regexMayStartWith(tok.regex, w.prefix);
  return true;
}

/**
 * Whether some string starting with `prefix` could match an anchored regex of
 * the shape `^(alt|alt|…)$`: every match of an alternative starts with that
 * alternative's literal head, so a prefix that disagrees with every head can
 * never match (`--author=…` is not `--output…`). Any other shape: maybe.
 */
export function regexMayStartWith(regex: RegExp, prefix: string): boolean {
  const body = /^\^\((.*)\)\$$/s.exec(regex.source)?.[1] ?? /^\^([^|()]*)\$$/s.exec(regex.source)?.[1];
  if (body === undefined) return true;
  const fold = (t: string) => (regex.flags.includes('i') ? t.toLowerCase() : t);
  const p = fold(prefix);
  return topLevelAlternatives(body).some((alt) => {
    const head = fold(literalHead(alt));
    return p.startsWith(head) || head.startsWith(p);
  });
}

function topLevelAlternatives(body: string): string[] {
  const alts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '|' && depth === 0) {
      alts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  alts.push(body.slice(start));
  return alts;
}

/** The plain characters an alternative must start with (a char made optional by `?`, `*` or `{` is not one). */
function literalHead(alt: string): string {
  const m = /^[^\\.*+?()[\]{}|^$]*/.exec(alt);
  const head = m ? m[0] : '';
  const next = alt[head.length];
  return next === '?' || next === '*' || next === '{' ? head.slice(0, -1) : head;
}

/** Whether the first token of a pattern can match a literal program word (for indexing rules by program). */
export function firstTokenAccepts(pattern: ArgvPattern, program: string): boolean {
  if (pattern.line) return true;
  const first = pattern.tokens[0];
  if (!first || first.kind === 'many' || first.kind === 'one') return true;
  const values = programValues(program, false);
  return first.kind === 'literal' ? values.includes(first.text) : values.some((v) => first.regex.test(v));
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
