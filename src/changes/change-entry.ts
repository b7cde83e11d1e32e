// What a shadow layer's change set is made of: one entry per path that
// differs between the sandbox's view and the real folder.

/** How a path differs. `type`: a file became a folder or link (or the reverse); `special`: a pipe, socket or device, never applied. */
export type ChangeKind = 'added' | 'modified' | 'deleted' | 'mode' | 'type' | 'special';

/** What is at a path. */
export type EntryType = 'file' | 'symlink' | 'dir' | 'other';

/** One changed path, as the change set shows it. */
export interface ChangeEntry {
  /** Workspace-relative POSIX path. */
  readonly path: string;
  readonly kind: ChangeKind;
  /** What the sandbox has there (for `deleted`: what the real folder has). */
  readonly type: EntryType;
  /** The host runs or trusts this path (or it is a link out of the workspace): applied only with its own confirmation. */
  readonly held: boolean;
  /** Why it is held, in words that name the risk. */
  readonly risk?: string;
  /** Ignored by the folder's `.gitignore` or listed in `keepInSandbox`: stays in the sandbox unless pulled by path. */
  readonly kept: boolean;
  /** The real file changed since the sandbox took its copy: shown, never overwritten. */
  readonly conflict: boolean;
  /** Content that is not UTF-8 text (no line diff). */
  readonly binary?: boolean;
  /** Bytes in the sandbox's version (files). */
  readonly size?: number;
  /** Permission bits in the sandbox and in the real folder, when they differ. */
  readonly mode?: { readonly layer: number | null; readonly real: number | null };
  /** A link's target, as written (links are shown, never followed). */
  readonly linkTarget?: string;
  /** A deleted folder: how many files it held. */
  readonly files?: number;
  /** sha256 of the sandbox's content (files), for binding a review to what was shown. */
  readonly layerSha256?: string | null;
  /** sha256 of the real content (files), null when absent. */
  readonly realSha256?: string | null;
}

/** A change set: every entry, and whether the scan was cut short by its limits. */
export interface ChangeSet {
  readonly entries: readonly ChangeEntry[];
  readonly truncated: boolean;
  /** The layer could not be fully compared (a folder's contents could not be probed); entries may be missing. */
  readonly incomplete?: string;
}

/** Entries a bulk accept (`--all`, Accept All) takes: not held, not kept, not in conflict, not special. */
export function isBulkApplicable(entry: ChangeEntry): boolean {
  return !entry.held && !entry.kept && !entry.conflict && entry.kind !== 'special';
}

/** A one-line description for lists and logs. */
export function describeEntry(entry: ChangeEntry): string {
  const what = entry.type === 'dir' ? 'folder' : entry.type === 'symlink' ? 'link' : entry.type === 'other' ? 'special file' : 'file';
  const flags = [entry.held ? 'HELD' : '', entry.conflict ? 'CONFLICT' : '', entry.kept ? 'kept in sandbox' : ''].filter(Boolean).join(', ');
  const extra = entry.linkTarget !== undefined ? ` -> ${entry.linkTarget}` : entry.files !== undefined ? ` (${entry.files} files)` : '';
  return `${entry.kind} ${what} ${entry.path}${extra}${flags ? ` [${flags}]` : ''}`;
}
