import { posix } from 'node:path';

/** Where the workspace is mounted inside the sandbox; every file tool path resolves under it. */
export const WORKSPACE_ROOT = '/workspace';

/** Longest path a tool call may name; longer is an oversize argument. */
export const MAX_PATH_LENGTH = 4096;

/** A tool path checked and normalised: absolute under /workspace, and relative to it (`.` for the root). */
export interface WorkspacePath {
  readonly absolute: string;
  readonly relative: string;
}

/** The outcome of checking a path a model sent. */
export type WorkspacePathResult = { ok: true; path: WorkspacePath } | { ok: false; reason: string };

// C0/C1 controls and the Unicode line/paragraph separators: a path holding one
// is either a mistake or an attempt to make a display lie about the path.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Checks a path relative to /workspace (or absolute under it) and normalises it.
 * Lexical only: `..` that would leave the workspace is refused here; symlinks are
 * the sandbox's file guard's job (DESIGN.md, sandbox contract).
 */
export function resolveWorkspacePath(raw: string, base: string = WORKSPACE_ROOT): WorkspacePathResult {
  if (raw.length === 0) return { ok: false, reason: 'the path is empty; use "." for the workspace root' };
  if (raw.length > MAX_PATH_LENGTH) return { ok: false, reason: `the path is longer than ${MAX_PATH_LENGTH} characters` };
  if (raw.includes('\u0000')) return { ok: false, reason: 'the path contains a NUL byte' };
  if (CONTROL.test(raw)) return { ok: false, reason: 'the path contains control characters or line separators' };
  if (raw.includes('\\')) return { ok: false, reason: 'the path contains a backslash; use forward slashes' };
  if (raw.startsWith('~')) return { ok: false, reason: 'the path starts with "~"; home directories are outside /workspace — use a path relative to /workspace' };
  const absolute = posix.normalize(raw.startsWith('/') ? raw : posix.join(base, raw)).replace(/\/+$/, '') || '/';
  if (absolute !== WORKSPACE_ROOT && !absolute.startsWith(`${WORKSPACE_ROOT}/`)) {
    return { ok: false, reason: `the path ${JSON.stringify(raw)} resolves to ${absolute}, outside ${WORKSPACE_ROOT}; use a path relative to ${WORKSPACE_ROOT} or absolute under it` };
  }
  const relative = absolute === WORKSPACE_ROOT ? '.' : absolute.slice(WORKSPACE_ROOT.length + 1);
  return { ok: true, path: { absolute, relative } };
}

/**
 * Where a path an analysed command mentions lands, relative to /workspace, or
 * undefined when it lands outside (then it is not a workspace path at all).
 */
export function workspaceRelative(raw: string, cwd: string = WORKSPACE_ROOT): string | undefined {
  if (raw.startsWith('~')) return undefined;
  const absolute = posix.normalize(raw.startsWith('/') ? raw : posix.join(cwd, raw)).replace(/\/+$/, '') || '/';
  if (absolute === WORKSPACE_ROOT) return '.';
  if (!absolute.startsWith(`${WORKSPACE_ROOT}/`)) return undefined;
  return absolute.slice(WORKSPACE_ROOT.length + 1);
}
