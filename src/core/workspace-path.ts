// The one lexical reading of a path inside the workspace: the policy checks a
// tool call's paths with it, the sandbox's file guard and exec cwd with it,
// and both agree on what is refused and what a path means.
import { posix } from 'node:path';

/** Where the workspace is mounted inside the sandbox; every workspace path resolves under it. */
export const WORKSPACE_ROOT = '/workspace';

/** Linux PATH_MAX: a longer path cannot be opened anyway. */
export const MAX_PATH_LENGTH = 4096;

/** A path read as the workspace sees it: absolute under /workspace, and relative to it (`.` for the root). */
export interface NormalisedWorkspacePath {
  readonly absolute: string;
  readonly relative: string;
}

/** The reading, or why the path is refused (a sentence a person and the model can act on). */
export type WorkspacePathReading = ({ readonly ok: true } & NormalisedWorkspacePath) | { readonly ok: false; readonly reason: string };

/** How to read one path. */
export interface WorkspacePathOptions {
  /** Relative paths are read from here (an absolute path under /workspace); default the root. */
  readonly base?: string;
  /**
   * A leading `~` means someone's home (the default, for paths a model
   * writes: refused, it is outside the workspace); false reads it as a name.
   */
  readonly tildeIsHome?: boolean;
}

// C0/C1 controls and the Unicode line/paragraph separators: a path holding one
// is either a mistake or an attempt to make a display lie about the path.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Reads a path relative to the base (or absolute under /workspace) into a
 * normalised POSIX form: no `.` or `..` segments, no duplicate or trailing
 * slashes. `..` is applied lexically, before any link is looked at, so it can
 * never climb out through a link's parent. Refuses: non-strings, empty paths,
 * NUL and control characters, paths longer than PATH_MAX, backslashes,
 * Windows drive and UNC forms, URLs, `~` (unless read as a name), absolute
 * paths outside /workspace, and `..` that climbs above the root.
 */
export function readWorkspacePath(raw: unknown, options: WorkspacePathOptions = {}): WorkspacePathReading {
  const refuse = (reason: string): WorkspacePathReading => ({ ok: false, reason });
  if (typeof raw !== 'string') return refuse('the path is not a string');
  if (raw.length === 0) return refuse('the path is empty; use "." for the workspace root');
  if (raw.includes('\0')) return refuse('the path contains a NUL byte');
  if (raw.length > MAX_PATH_LENGTH) return refuse(`the path is longer than ${MAX_PATH_LENGTH} characters`);
  if (CONTROL.test(raw)) return refuse('the path contains control characters or line separators');
  if (raw.includes('\\')) return refuse('the path contains a backslash; use forward slashes');
  if (/^[A-Za-z]:/.test(raw)) return refuse('Windows drive paths are not workspace paths');
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(raw)) return refuse('URLs are not workspace paths');
  // POSIX leaves a leading `//` implementation-defined, and on Windows it is UNC.
  if (raw.startsWith('//')) return refuse('paths starting with // (UNC or network forms) are not workspace paths');
  if (raw.startsWith('~') && options.tildeIsHome !== false) {
    return refuse(`the path starts with "~"; home directories are outside ${WORKSPACE_ROOT} — use a path relative to ${WORKSPACE_ROOT}`);
  }
  const base = options.base ?? WORKSPACE_ROOT;
  if (!raw.startsWith('/') && posix.normalize(raw).split('/')[0] === '..' && base === WORKSPACE_ROOT) {
    return refuse(`'..' climbs above ${WORKSPACE_ROOT}: the path leads outside ${WORKSPACE_ROOT}`);
  }
  const absolute = posix.normalize(raw.startsWith('/') ? raw : posix.join(base, raw)).replace(/\/+$/, '') || '/';
  if (absolute !== WORKSPACE_ROOT && !absolute.startsWith(`${WORKSPACE_ROOT}/`)) {
    return refuse(`the path ${JSON.stringify(raw)} resolves to ${absolute}, outside ${WORKSPACE_ROOT}: absolute paths must be under ${WORKSPACE_ROOT}; use a path relative to ${WORKSPACE_ROOT} or absolute under it`);
  }
  return { ok: true, absolute, relative: absolute === WORKSPACE_ROOT ? '.' : absolute.slice(WORKSPACE_ROOT.length + 1) };
}
