// A change set as the Changes view shows it: folders → files, the changes that
// wait for review first, what stays in the sandbox (ignored files) in a group
// of its own, and the words each entry is shown with. Plain TypeScript (no
// vscode): the view turns these nodes into tree items; tested beside.
import type { ChangeEntry } from '../../changes';
import { describeEntry } from '../../changes';
import { visible } from '../../core/display';

/** A folder of the tree; `entry` when the folder itself changed (added, deleted, replaced). */
export interface FolderNode {
  readonly type: 'folder';
  /** Stable across refreshes: the view keeps what was expanded. */
  readonly id: string;
  /** One name, or several joined by `/` when a folder holds only one folder. */
  readonly name: string;
  readonly path: string;
  readonly entry?: ChangeEntry;
  readonly children: readonly ChangeNode[];
}

/** One changed path. */
export interface EntryNode {
  readonly type: 'entry';
  readonly id: string;
  readonly name: string;
  readonly entry: ChangeEntry;
}

/** "Kept in the sandbox": the ignored changes, shown collapsed. */
export interface KeptNode {
  readonly type: 'kept';
  readonly id: string;
  readonly count: number;
  readonly children: readonly ChangeNode[];
}

/** A node of the Changes view. */
export type ChangeNode = FolderNode | EntryNode | KeptNode;

/** The label of the group of kept changes. */
export const KEPT_LABEL = 'Kept in the sandbox';

/**
 * The tree of one folder's change set: the changes that wait (held ones among
 * them) as folders and files, then the kept ones in their own group. `scope`
 * makes ids unique across workspace folders.
 */
export function buildChangeTree(entries: readonly ChangeEntry[], scope = ''): ChangeNode[] {
  const waiting = entries.filter((e) => !e.kept);
  const kept = entries.filter((e) => e.kept);
  const nodes = nest(waiting, `${scope}w:`);
  if (kept.length > 0) nodes.push({ type: 'kept', id: `${scope}kept`, count: kept.length, children: nest(kept, `${scope}k:`) });
  return nodes;
}

/** Every entry under a node (itself included), in tree order. */
export function entriesUnder(node: ChangeNode): ChangeEntry[] {
  switch (node.type) {
    case 'entry':
      return [node.entry];
    case 'folder':
      return [...(node.entry ? [node.entry] : []), ...node.children.flatMap(entriesUnder)];
    case 'kept':
      return node.children.flatMap(entriesUnder);
  }
}

/** Changes that wait for review (not kept in the sandbox), and how many of them are held. */
export function waitingCounts(entries: readonly ChangeEntry[]): { readonly waiting: number; readonly held: number } {
  const waiting = entries.filter((e) => !e.kept);
  return { waiting: waiting.length, held: waiting.filter((e) => e.held).length };
}

/** "3 changes wait for review (1 held)", or undefined when none waits. */
export function waitingText(counts: { readonly waiting: number; readonly held: number }): string | undefined {
  if (counts.waiting === 0) return undefined;
  const held = counts.held > 0 ? ` (${counts.held} held)` : '';
  return `${counts.waiting} ${counts.waiting === 1 ? 'change waits' : 'changes wait'} for review${held}`;
}

/** The short mark of an entry's kind: A, M, D, mode, link, type or special. */
export function kindMark(entry: ChangeEntry): string {
  if (entry.kind === 'deleted') return 'D';
  if (entry.kind === 'special') return 'special';
  if (entry.kind === 'type') return 'type';
  if (entry.type === 'symlink') return 'link';
  if (entry.kind === 'mode') return 'mode';
  return entry.kind === 'added' ? 'A' : 'M';
}

/** What the view shows beside the name: the kind, and flags. Safe for a tree item (no markup). */
export function entryDescription(entry: ChangeEntry): string {
  const parts = [kindMark(entry)];
  if (entry.type === 'symlink' && entry.linkTarget !== undefined && entry.kind !== 'deleted') parts.push(`→ ${entry.linkTarget}`);
  if (entry.kind === 'mode' && entry.mode) parts.push(`${octal(entry.mode.real)} → ${octal(entry.mode.layer)}`);
  if (entry.type === 'dir' && entry.files !== undefined) parts.push(`${entry.files} file(s)`);
  if (entry.binary) parts.push('binary');
  if (entry.held) parts.push('held');
  if (entry.conflict) parts.push('conflict');
  return visible(parts.join(' · '), { plain: true });
}

/** The hover of an entry: what it is, and for a held or conflicting one, why that matters. Plain text, safe for a tooltip. */
export function entryTooltip(entry: ChangeEntry): string {
  const lines = [describeEntry(entry)];
  if (entry.held) lines.push(`Held: ${entry.risk ?? 'the host runs or trusts this path'}. Accepting it asks for its own confirmation; Accept All never takes it.`);
  if (entry.conflict) lines.push('Conflict: your folder\'s copy changed since the sandbox took its own. It is never overwritten whole: review it hunk by hunk against your current file, or reject it.');
  if (entry.kept) lines.push('Kept in the sandbox (ignored by .gitignore or clawdock.sandbox.keepInSandbox): it stays there unless you accept it by name.');
  if (entry.kind === 'special') lines.push('A pipe, socket or device: never copied into your folder.');
  return lines.map((l) => visible(l, { plain: true })).join('\n');
}

/** The id of an entry's node, for revealing it. */
export function entryNodeId(entry: ChangeEntry, scope = ''): string {
  return `${scope}${entry.kept ? 'k:' : 'w:'}${entry.path}`;
}

function octal(mode: number | null): string {
  return mode === null ? 'none' : (mode & 0o7777).toString(8).padStart(3, '0');
}

interface Draft {
  readonly folders: Map<string, Draft>;
  readonly files: ChangeEntry[];
  entry?: ChangeEntry;
}

function nest(entries: readonly ChangeEntry[], prefix: string): ChangeNode[] {
  const root: Draft = { folders: new Map(), files: [] };
  // A path that is itself a folder of other entries (a replaced or new folder) becomes that folder's own entry.
  const folderPaths = new Set<string>();
  for (const e of entries) {
    const parts = e.path.split('/');
    for (let i = 1; i < parts.length; i++) folderPaths.add(parts.slice(0, i).join('/'));
  }
  for (const e of entries) {
    const parts = e.path.split('/');
    const asFolder = folderPaths.has(e.path);
    let at = root;
    const depth = asFolder ? parts.length : parts.length - 1;
    for (let i = 0; i < depth; i++) {
      const name = parts[i] as string;
      let next = at.folders.get(name);
      if (!next) {
        next = { folders: new Map(), files: [] };
        at.folders.set(name, next);
      }
      at = next;
    }
    if (asFolder) at.entry = e;
    else at.files.push(e);
  }
  return toNodes(root, '', prefix);
}

function toNodes(draft: Draft, base: string, prefix: string): ChangeNode[] {
  const folders = [...draft.folders.entries()].sort(([a], [b]) => compareNames(a, b)).map(([name, sub]) => {
    // A chain of folders that each hold only one folder (and changed nothing themselves) shows as one row.
    let label = name;
    let path = base ? `${base}/${name}` : name;
    let at = sub;
    while (!at.entry && at.files.length === 0 && at.folders.size === 1) {
      const [childName, child] = [...at.folders.entries()][0] as [string, Draft];
      label += `/${childName}`;
      path += `/${childName}`;
      at = child;
    }
    const node: FolderNode = { type: 'folder', id: `${prefix}${path}`, name: label, path, ...(at.entry ? { entry: at.entry } : {}), children: toNodes(at, path, prefix) };
    return node;
  });
  const files = [...draft.files].sort((a, b) => compareNames(a.path, b.path)).map((entry): EntryNode => ({
    type: 'entry', id: `${prefix}${entry.path}`, name: entry.path.slice(entry.path.lastIndexOf('/') + 1), entry,
  }));
  return [...folders, ...files];
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
