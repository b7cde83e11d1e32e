// Host-side text search of the workspace (the fallback when the container
// has no ripgrep): literal text by default, or a regex the model wrote, run
// under a time budget. Opens every file through the workspace guard, so it
// never follows a symlink out, and skips binary files, large files and
// `.git` internals.
import type { FileHandle } from 'node:fs/promises';
import { lstat } from 'node:fs/promises';
import { createContext, Script } from 'node:vm';
import { minimatch } from 'minimatch';
import { ClawdockError } from '../core/errors';
import { OPEN_FILE } from './workspace-guard';
import type { HeldDir, WorkspaceGuard } from './workspace-guard';
import { clampPositive, DEFAULT_SEARCH_LIMIT, SEARCH_MAX_FILES, SEARCH_TIME_BUDGET_MS } from './workspace-limits';
import { errorCode, toContainerPath } from './workspace-path';
import { looksBinary } from './workspace-text';
import { walkDir } from './workspace-walk';

/** Options of the host-side text search. */
export interface SearchOptions {
  /** Directory (or file) to search, workspace-relative; default the root. */
  path?: string;
  /** minimatch glob on workspace-relative paths; without a `/` it matches the file name at any depth. */
  glob?: string;
  /** Most matches to return (default 200). */
  limit?: number;
  /** Treat the pattern as a JavaScript regular expression instead of literal text. */
  regex?: boolean;
  ignoreCase?: boolean;
  /** Time budget for the whole search in ms (default 10 s); a regex that runs past it fails the search. */
  timeoutMs?: number;
}

/** One matching line. */
export interface SearchMatch {
  path: string;
  /** 1-based line number. */
  line: number;
  /** 0-based column (UTF-16 units) where the match starts. */
  column: number;
  /** The line, cut to a window around the match when it is long. */
  text: string;
}

/** What search returns. */
export interface SearchResult {
  matches: SearchMatch[];
  /** True when a limit (matches, files or time) stopped the search early. */
  truncated: boolean;
  filesSearched: number;
  /** Files skipped as binary or larger than maxReadBytes. */
  filesSkipped: number;
}

// The model picks the search regex; irregexp backtracks, so a pattern like
// (a+)+$ could freeze the extension host. Matching runs under vm's timeout,
// which interrupts a running regex.
const MATCH_LINES = new Script(`(() => {
  const out = [];
  const lines = text.split('\\n');
  for (let i = 0; i < lines.length && out.length < max; i++) {
    re.lastIndex = 0;
    const m = re.exec(lines[i]);
    if (m) out.push([i + 1, m.index, lines[i]]);
  }
  return out;
})()`);

/** Searches the files under `options.path` for `pattern`; files over maxReadBytes are skipped. */
export async function searchWorkspace(
  guard: WorkspaceGuard,
  pattern: string,
  options: SearchOptions,
  maxReadBytes: number,
): Promise<SearchResult> {
  const limit = clampPositive(options.limit, DEFAULT_SEARCH_LIMIT);
  const context = createContext({ text: '', re: compileSearchPattern(pattern, options), max: 0 });
  const deadline = Date.now() + clampPositive(options.timeoutMs, SEARCH_TIME_BUDGET_MS);
  const glob = options.glob?.trim() || undefined;
  const result: SearchResult = { matches: [], truncated: false, filesSearched: 0, filesSkipped: 0 };

  const searchFile = async (dir: HeldDir, name: string, size: number): Promise<boolean> => {
    const rel = dir.rel(name);
    if (glob && !minimatch(rel, glob, { dot: true, matchBase: !glob.includes('/') })) return true;
    if (result.filesSearched + result.filesSkipped >= SEARCH_MAX_FILES || Date.now() > deadline) {
      result.truncated = true;
      return false;
    }
    const text = size > maxReadBytes ? null : await readTextForSearch(guard, dir, name, maxReadBytes);
    if (text === null) {
      result.filesSkipped += 1;
      return true;
    }
    result.filesSearched += 1;
    Object.assign(context, { text, max: limit - result.matches.length });
    let found: [number, number, string][];
    try {
      found = MATCH_LINES.runInContext(context, { timeout: Math.max(1, deadline - Date.now()) });
    } catch (error) {
      if (errorCode(error) !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw error;
      throw new ClawdockError(`search for ${JSON.stringify(pattern)} ran out of time in ${toContainerPath(rel)}`, {
        hint: 'simplify the pattern (nested repetition backtracks), narrow the path or glob, or search for literal text',
      });
    }
    for (const [line, column, lineText] of found) {
      result.matches.push({ path: rel, line, column, text: clipLine(lineText.replace(/\r$/, ''), column) });
    }
    if (result.matches.length < limit) return true;
    result.truncated = true;
    return false;
  };

  const requested = options.path ?? '.';
  const { dir, name } = await guard.openParent(requested, { followFinal: true, missing: 'none' });
  try {
    const stats = name === null ? null : await lstat(dir.child(name));
    if (name !== null && stats?.isFile()) {
      await searchFile(dir, name, stats.size);
      return result;
    }
    const top = name === null ? dir : await guard.openChildDir(requested, dir, name);
    try {
      await walkDir(guard, top, true, false, (entry, parent, entryName) =>
        entry.type === 'file' ? searchFile(parent, entryName, entry.size) : true,
      );
    } finally {
      if (top !== dir) await top.handle.close();
    }
    return result;
  } finally {
    await dir.handle.close();
  }
}

// Whole file as text, or null when it is binary or grew past the limit.
async function readTextForSearch(guard: WorkspaceGuard, dir: HeldDir, name: string, maxReadBytes: number): Promise<string | null> {
  let file: FileHandle;
  try {
    file = await guard.openIn(dir.rel(name), dir, name, OPEN_FILE);
  } catch {
    return null; // vanished or swapped since listing: skip it, never follow it
  }
  try {
    const stats = await file.stat();
    if (!stats.isFile()) return null;
    const buffer = Buffer.alloc(maxReadBytes + 1);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    if (bytesRead > maxReadBytes) return null;
    const data = buffer.subarray(0, bytesRead);
    return looksBinary(data) ? null : data.toString('utf8');
  } finally {
    await file.close();
  }
}

function compileSearchPattern(pattern: string, options: SearchOptions): RegExp {
  if (typeof pattern !== 'string' || pattern === '') throw new ClawdockError('the search pattern is empty');
  const source = options.regex ? pattern : pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  try {
    return new RegExp(source, options.ignoreCase ? 'i' : '');
  } catch (error) {
    throw new ClawdockError(`invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`, {
      hint: 'fix the pattern, or search for literal text',
    });
  }
}

// Long lines (minified code) would flood the result: keep a window around the match.
function clipLine(line: string, column: number): string {
  if (line.length <= 400) return line;
  const from = Math.max(0, column - 100);
  return `${from > 0 ? '…' : ''}${line.slice(from, from + 400)}…`;
}
