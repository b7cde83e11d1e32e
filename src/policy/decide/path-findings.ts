// Every path a command touches is checked (issue 10): operands and option
// arguments (attached or separate), redirections and `REV:PATH` — against
// read-deny and, where written, protected paths; read-only commands included.
import { posix } from 'node:path';
import type { Redirect, SubCommand } from '../command/command-analysis';
import { isLiteral } from '../command/word';
import type { Word } from '../command/word';
import type { Touch } from '../grammar/match-grammar';
import { globAimsAtSecrets } from '../paths/secret-globs';
import { workspaceRelative } from '../tools/workspace-path';
import type { Finding } from '../verdict';
import type { PathRules } from './path-rules';

// Redirect targets that are not files in any sense that matters.
export const HARMLESS_TARGETS = /^\/dev\/(null|stdout|stderr|tty|fd\/\d+)$/;
const DEVICE_TARGET = /^\/dev\/(sd|hd|vd|xvd|nvme|mmcblk|disk|mapper\/|md\d|dm-|loop|mem$|kmem$|port$)/;
const LEADING_EXPANSION = /^(\$\{[^}]*\}|\$\w+|\$\([^)]*\)|`[^`]*`)+/;

/** Findings for one redirection: devices, read-deny, protected paths, and any write. */
export function redirectFindings(r: Redirect, paths: PathRules, cwd: string): Finding[] {
  const target = posix.normalize(r.target.value);
  if (!isLiteral(r.target)) {
    const verb = r.write ? 'writes to' : 'reads from';
    return [{ verdict: 'ask', rule: 'redirect-dynamic', source: 'builtin', reason: `the command ${verb} a file whose name is only known at run time (${clip(r.target.value)})` }];
  }
  if (HARMLESS_TARGETS.test(target)) return [];
  const out: Finding[] = [];
  // Bash itself opens a connection for these names; there is no such file.
  if (/^\/dev\/(tcp|udp)\//.test(target)) {
    out.push({ verdict: 'ask', rule: 'network', source: 'builtin', reason: `the command connects to ${clip(target)} (bash opens a network connection for /dev/tcp and /dev/udp)` });
  }
  if (r.write && DEVICE_TARGET.test(target)) {
    out.push({ verdict: 'deny', rule: 'device-write', source: 'builtin', reason: `the command writes to the device ${target}` });
  }
  out.push(...literalPathFindings(r.target.value, r.write ? 'write' : 'read', 'the command', paths, cwd));
  if (r.write) {
    const relative = workspaceRelative(r.target.value, cwd);
    const where = relative === undefined ? `${r.target.value} (outside /workspace)` : relative;
    out.push({ verdict: 'ask', rule: 'redirect-write', source: 'builtin', reason: `the command writes the file ${where} with ${r.operator}` });
  }
  return out;
}

/** Findings for the paths a grammar says a sub-command reads or writes. */
export function touchFindings(sub: SubCommand, touches: readonly Touch[], paths: PathRules, cwd: string): Finding[] {
  const who = `\`${clip(sub.argv[0] ?? '')}\``;
  const out: Finding[] = [];
  for (const t of touches) {
    const w = t.word;
    if (t.kind === 'read' || t.kind === 'write') out.push(...pathWordFindings(w, t.kind, who, paths, cwd));
    if ((t.kind === 'revision' || t.kind === 'rev-or-path') && isLiteral(w)) {
      const objectPath = revisionPath(w.value, cwd);
      if (objectPath !== undefined) out.push(...literalPathFindings(objectPath, 'read', who, paths, cwd));
    }
    if (t.kind === 'rev-or-path') out.push(...pathWordFindings(w, 'read', who, paths, cwd));
    if (t.kind === 'revision' && !isLiteral(w)) out.push(dynamicPath(w, 'read', who));
    if (t.kind === 'read-glob') {
      // `--include=.env`, `-g '.env*'`: the files a search reads; `!` excludes (rg).
      if (w.dynamic) out.push(dynamicPath(w, 'read', who));
      // rg's `--type-add NAME:GLOB` (one glob, braces allowed; NAME:include:TYPES names no file).
      const globs = /^[\w-]+:/.test(w.value) ? (/^[\w-]+:include:/.test(w.value) ? [] : [w.value.replace(/^[\w-]+:/, '')]) : [w.value];
      for (const glob of w.dynamic ? [] : globs) {
        if (!glob.startsWith('!') && (globAimsAtSecrets(glob) || paths.readDeny.match(glob) !== undefined || /(^|\/)\.[^./]*[*?[]/.test(glob))) out.push(secretGlob(glob));
      }
    }
  }
  return out;
}

/**
 * For a program without a grammar (or one whose words were not understood):
 * every word that may be a path — operands, `--opt=VALUE`, `-fVALUE` — against
 * read-deny, and against protected paths as if written.
 */
export function wordFindings(sub: SubCommand, paths: PathRules, cwd: string): Finding[] {
  const who = `\`${clip(sub.argv[0] ?? '')}\``;
  const out: Finding[] = [];
  for (const word of sub.words.slice(1)) {
    if (word.dynamic) {
      // `"$HOME/.ssh/id_rsa"`: what follows a leading variable still says what is read.
      const tail = word.value.replace(LEADING_EXPANSION, '');
      const denied = tail !== word.value && tail.startsWith('/') && !/[$`]/.test(tail) ? paths.readDeny.match(outsidePath(tail)) : undefined;
      if (denied) out.push({ verdict: 'ask', rule: `readDeny:${denied.glob}`, source: denied.source, reason: `${who} touches ${clip(word.value)}, which matches the read-deny glob ${denied.glob}` });
      continue;
    }
    for (const value of candidateValues(word.value)) {
      if (word.glob) {
        if (globAimsAtSecrets(value)) out.push(secretGlob(value));
        continue;
      }
      out.push(...literalPathFindings(value, 'write', who, paths, cwd, 'names'));
    }
  }
  return out;
}

/** A word an option or operand makes a path: literal, glob or only known at run time. */
function pathWordFindings(w: Word, kind: 'read' | 'write', who: string, paths: PathRules, cwd: string): Finding[] {
  if (w.dynamic) {
    // A process substitution is a pipe from a command the analyser judges on its own.
    if (/^[<>]\(/.test(w.value)) return [];
    const tail = w.value.replace(LEADING_EXPANSION, '');
    const denied = tail !== w.value && tail.startsWith('/') && !/[$`]/.test(tail) ? paths.readDeny.match(outsidePath(tail)) : undefined;
    if (denied) return [{ verdict: 'ask', rule: `readDeny:${denied.glob}`, source: denied.source, reason: `${who} touches ${clip(w.value)}, which matches the read-deny glob ${denied.glob}` }];
    return [dynamicPath(w, kind, who)];
  }
  if (w.glob) {
    if (kind === 'write') return [{ verdict: 'ask', rule: 'dynamic-path', source: 'builtin', reason: `${who} writes the files a glob names (${clip(w.value)}), which may include protected paths` }];
    // Bash globs skip dotfiles unless the pattern starts a name with a dot: `.e*` may be `.env`.
    if (globAimsAtSecrets(w.value) || /(^|\/)\.[^./]*[*?[]/.test(w.value)) return [secretGlob(w.value)];
    return [];
  }
  return literalPathFindings(w.value, kind, who, paths, cwd);
}

/** Read-deny for any path; protected paths for one written. */
function literalPathFindings(value: string, kind: 'read' | 'write', who: string, paths: PathRules, cwd: string, verb?: string): Finding[] {
  if (value === '' || value === '-') return [];
  const relative = workspaceRelative(value, cwd);
  const did = verb ?? (kind === 'write' ? 'writes' : 'reads');
  if (relative === undefined) {
    // Outside the workspace (`~/.ssh/id_rsa`, `/root/.aws/credentials`): read-deny globs still say what is secret.
    const denied = paths.readDeny.match(outsidePath(value));
    return denied ? [{ verdict: 'ask', rule: `readDeny:${denied.glob}`, source: denied.source, reason: `${who} ${did} ${value}, which matches the read-deny glob ${denied.glob}` }] : [];
  }
  if (relative === '.') return [];
  const out: Finding[] = [];
  const denied = paths.readDeny.match(relative);
  if (denied) out.push({ verdict: 'ask', rule: `readDeny:${denied.glob}`, source: denied.source, reason: `${who} ${did} ${relative}, which matches the read-deny glob ${denied.glob}` });
  const prot = kind === 'write' ? paths.protectedPaths.match(relative) : undefined;
  if (prot) {
    out.push({ verdict: 'ask', rule: `protectedPaths:${prot.glob}`, source: prot.source, reason: `${who} ${did} ${relative}, a protected path (${prot.glob}) that the editor or git runs or trusts; changes to it always need approval` });
  }
  return out;
}

/**
 * The file a git object name reads: `HEAD:path`, `:path`, `:2:path` (index
 * stages), `HEAD@{1}:path`; `./` and `../` are relative to the current folder,
 * anything else to the repository root (the workspace). `:/text` searches commit messages.
 */
export function revisionPath(value: string, cwd: string): string | undefined {
  let depth = 0;
  let colon = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ':' && depth === 0) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return undefined;
  let path = value.slice(colon + 1);
  if (colon === 0) {
    if (path.startsWith('/')) return undefined;
    path = path.replace(/^[0-3]:/, '');
  }
  if (path === '') return undefined;
  if (path.startsWith('./') || path.startsWith('../') || path === '.' || path === '..') return posix.resolve(cwd, path);
  return posix.join('/workspace', path);
}

/** The values a word may hold a path in: itself, after `=`, and after a short option letter (`-f.env`). */
function candidateValues(value: string): string[] {
  if (!value.startsWith('-')) return [value];
  const eq = value.indexOf('=');
  if (eq > 0) return [value.slice(eq + 1)];
  if (value.startsWith('--') || value.length > 256) return [];
  const out: string[] = [];
  for (let i = 2; i < value.length; i++) {
    const rest = value.slice(i);
    if (/^[./~]/.test(rest) || rest.includes('/')) out.push(rest);
  }
  return out;
}

function dynamicPath(w: Word, kind: 'read' | 'write', who: string): Finding {
  const verb = kind === 'write' ? 'writes' : 'reads';
  return { verdict: 'ask', rule: 'dynamic-path', source: 'builtin', reason: `${who} ${verb} a file whose name is only known at run time (${clip(w.value)}); it could be a secret or protected file` };
}

function secretGlob(value: string): Finding {
  return { verdict: 'ask', rule: 'readDeny:glob-argument', source: 'builtin', reason: `the argument ${clip(value)} may expand to secret files (such as .env or keys)` };
}

/** An outside path as a relative one, for matching globs: `~/.ssh/x` → `.ssh/x`, `/etc/x` → `etc/x`. */
function outsidePath(value: string): string {
  return posix.normalize(value.replace(/^~[^/]*\/?/, '')).replace(/^(\.\.\/|\/)+/, '');
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
