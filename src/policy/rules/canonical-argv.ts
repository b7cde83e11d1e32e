// Deny rules match the normalised target (issue 10): `rm -rf /usr/..`,
// `rm -rf /*/`, `rm --recur /`, `of=/dev//sda` and `rm -rf "$HOME"` must read
// as `rm -rf /`, `rm -rf /*`, `rm --recursive /`, `of=/dev/sda`, `rm -rf ~`.
import { posix } from 'node:path';
import { minimatch } from 'minimatch';
import { literalWord } from '../command/word';
import type { Word } from '../command/word';
import { SYSTEM_DIRS } from './rule-helpers';

const WORKSPACE_ROOT = '/workspace';
// Targets a glob is tried against: the root and the system folders, as deny rules name them.
const ROOT_TARGETS: readonly string[] = ['/', ...SYSTEM_DIRS.map((d) => `/${d}`)];
const MAX_BRACE_WORDS = 32;

/**
 * The argv spelled the way deny rules match it, for a given working folder:
 * long options spelled out (`canonicalOptions` from the program's grammar),
 * paths normalised (`.`, `..`, repeated and trailing slashes, resolved against
 * `cwd` when they leave /workspace), `$HOME` as `~`, brace expansions expanded,
 * and a glob that matches the root or a system folder replaced by that folder.
 * Undefined when nothing changes.
 */
export function canonicalArgv(words: readonly Word[], cwd: string, canonicalOptions?: readonly Word[]): Word[] | undefined {
  const source = canonicalOptions ?? words;
  // Most argv hold nothing to rewrite: no path, home, brace, glob or KEY=VALUE, and the folder is the workspace's.
  if (cwd.startsWith(WORKSPACE_ROOT) && source.every((w, i) => i === 0 || !/[/.~${*?[=]/.test(w.value)) && source.every((w, i) => w === words[i])) return undefined;
  const out: Word[] = [source[0] as Word];
  let changed = source !== words;
  for (const w of source.slice(1)) {
    const next = canonicalWords(w, cwd);
    if (next.length !== 1 || next[0] !== w) changed = true;
    out.push(...next);
  }
  return changed ? out : undefined;
}

function canonicalWords(w: Word, cwd: string): Word[] {
  let word = homeVariable(w);
  if (word.dynamic) return [word];
  if (word.glob && /[{]/.test(word.value)) {
    const expanded = expandBraces(word.value);
    if (expanded.length > 1 && expanded.length <= MAX_BRACE_WORDS) return expanded.flatMap((v) => canonicalWords(unquotedGlob(v), cwd));
  }
  const value = normaliseValue(word.value, cwd);
  if (value !== word.value) word = { ...word, value };
  if (word.glob) return [rootTarget(word) ?? word];
  return [word];
}

/** `$HOME/x`, `${HOME}/x` and `"$HOME"` are the home folder, which deny rules write as `~`. */
function homeVariable(w: Word): Word {
  if (!w.dynamic) return w;
  const m = /^(\$HOME|\$\{HOME\})(\/[^$`]*)?$/.exec(w.value);
  return m ? literalWord(`~${m[2] ?? ''}`) : w;
}

/** Normalises the path in a word: the whole word, or the value after `=` (`of=/dev//sda`, `--dir=..`). */
function normaliseValue(value: string, cwd: string): string {
  const eq = value.indexOf('=');
  if (eq > 0 && /^(-{1,2}[\w-]+|[a-z]+)$/.test(value.slice(0, eq))) return value.slice(0, eq + 1) + normalisePath(value.slice(eq + 1), cwd);
  if (value.startsWith('-')) return value;
  return normalisePath(value, cwd);
}

function normalisePath(path: string, cwd: string): string {
  const inWorkspace = cwd === WORKSPACE_ROOT || cwd.startsWith(`${WORKSPACE_ROOT}/`);
  // Outside the workspace every relative word may name a path (`cd / && rm -rf usr`).
  if (path === '' || (inWorkspace && !(path.includes('/') || path === '.' || path === '..' || path.startsWith('~')))) return path;
  if (path === '~' || path.startsWith('~/')) {
    const rest = posix.normalize(`.${path.slice(1)}`);
    if (rest === '.' || rest === './') return '~';
    // Above the home folder (`~/..`) is a folder of homes: the deny rules' `/home`.
    if (rest === '..' || rest.startsWith('../')) return '/home';
    return `~/${rest.replace(/\/+$/, '')}`;
  }
  if (path.startsWith('~')) return path;
  if (path.startsWith('/')) return trimSlash(posix.normalize(path));
  const absolute = posix.resolve(cwd, path);
  // A relative path is only rewritten when it leaves the workspace (`../..` from /workspace is `/`).
  if (absolute === WORKSPACE_ROOT || absolute.startsWith(`${WORKSPACE_ROOT}/`)) return trimSlash(posix.normalize(path));
  return absolute;
}

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
}

/** A glob that matches the root or a system folder (`/u*`, `/*`, `/*\/*`) stands for that folder here. */
function rootTarget(word: Word): Word | undefined {
  const glob = word.value;
  if (!glob.startsWith('/')) return undefined;
  for (const target of ROOT_TARGETS) {
    if (minimatch(target, glob, { dot: true })) return { ...word, value: target, glob: false, splits: false };
    // `/*/*` is everything in every system folder: `/usr/*` to the deny rules.
    if (glob.endsWith('/*') && target !== '/' && minimatch(target, glob.slice(0, -2), { dot: true })) return { ...word, value: `${target}/*` };
  }
  return undefined;
}

function unquotedGlob(value: string): Word {
  return { value, dynamic: false, glob: /[*?[]/.test(value), splits: true };
}

/** Bash brace expansion of one word (`/{usr,tmp}`, `a{1..3}`), innermost first; the word itself when it has none. */
export function expandBraces(value: string): string[] {
  const m = /\{([^{}]*)\}/.exec(value);
  if (!m) return [value];
  const body = m[1] as string;
  const before = value.slice(0, m.index);
  const after = value.slice(m.index + m[0].length);
  let parts: string[];
  const range = /^(-?\d+)\.\.(-?\d+)$/.exec(body) ?? /^([a-zA-Z])\.\.([a-zA-Z])$/.exec(body);
  if (body.includes(',')) parts = body.split(',');
  else if (range) parts = rangeValues(range[1] as string, range[2] as string);
  else return [value];
  if (parts.length === 0 || parts.length > MAX_BRACE_WORDS) return [value];
  return parts.flatMap((p) => expandBraces(`${before}${p}${after}`)).slice(0, MAX_BRACE_WORDS + 1);
}

function rangeValues(from: string, to: string): string[] {
  const numeric = /\d/.test(from);
  const a = numeric ? Number(from) : from.charCodeAt(0);
  const b = numeric ? Number(to) : to.charCodeAt(0);
  if (Math.abs(b - a) >= MAX_BRACE_WORDS) return [];
  const step = a <= b ? 1 : -1;
  const out: string[] = [];
  for (let x = a; step > 0 ? x <= b : x >= b; x += step) out.push(numeric ? String(x) : String.fromCharCode(x));
  return out;
}
