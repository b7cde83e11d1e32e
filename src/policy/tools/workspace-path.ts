import { posix } from 'node:path';
import { MAX_PATH_LENGTH, readWorkspacePath, WORKSPACE_ROOT } from '../../core/workspace-path';

export { MAX_PATH_LENGTH, WORKSPACE_ROOT };

/** A tool path checked and normalised: absolute under /workspace, and relative to it (`.` for the root). */
export interface WorkspacePath {
  readonly absolute: string;
  readonly relative: string;
}

/** The outcome of checking a path a model sent. */
export type WorkspacePathResult = { ok: true; path: WorkspacePath } | { ok: false; reason: string };

/**
 * Checks a path relative to /workspace (or absolute under it) and normalises it
 * with the one workspace-path reading (src/core/workspace-path.ts). Lexical
 * only; symlinks are the sandbox's file guard's job (DESIGN.md, sandbox contract).
 */
export function resolveWorkspacePath(raw: string, base: string = WORKSPACE_ROOT): WorkspacePathResult {
  const r = readWorkspacePath(raw, { base });
  return r.ok ? { ok: true, path: { absolute: r.absolute, relative: r.relative } } : { ok: false, reason: r.reason };
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
