// The undo history in words: what each applied change did to each path, for
// the Show Change History picker and the undo notifications. Plain
// TypeScript, tested beside; every path goes through the display sanitiser.
import type { UndoEntry, UndoFile, UndoState } from '../../changes';
import { visible } from '../../core/display';

/** How a change reached the folder, in words. */
const VIA: Readonly<Record<UndoEntry['via'], string>> = {
  shadow: 'accepted from the sandbox',
  'shadow-auto': 'applied automatically (applyChanges: auto)',
  hunks: 'hunks accepted from the sandbox',
  edit: 'approved edit',
};

/** What one path of an applied change did: created, changed, deleted, … */
export function fileChangeWord(file: UndoFile): string {
  const { before, after } = file;
  if (before.kind === 'absent') return after.kind === 'dir' ? 'folder created' : after.kind === 'symlink' ? 'link created' : 'created';
  if (after.kind === 'absent') return before.kind === 'dir' ? 'folder deleted' : before.kind === 'symlink' ? 'link deleted' : 'deleted';
  if (before.kind !== after.kind) return `${kindWord(before)} replaced by ${kindWord(after)}`;
  if (before.kind === 'file' && after.kind === 'file') return before.sha256 === after.sha256 ? (before.mode === after.mode ? 'unchanged' : 'permissions changed') : 'changed';
  if (before.kind === 'symlink' && after.kind === 'symlink') return 'link retargeted';
  return 'changed';
}

/** One picker row of an entry: a label, a description and a detail line. Safe for VS Code's UI (no markup). */
export function historyItem(entry: UndoEntry, newest: boolean): { label: string; description: string; detail: string } {
  const files = entry.files.filter((f) => fileChangeWord(f) !== 'unchanged');
  const shown = (files.length > 0 ? files : entry.files).filter((f) => !isInside(f, entry.files));
  return {
    label: `${formatTime(entry.at)} · ${VIA[entry.via] ?? entry.via}`,
    description: `${shown.length} path(s)${newest ? ' · next to undo' : ''}`,
    detail: visible(shown.slice(0, 12).map((f) => `${f.path} (${fileChangeWord(f)})`).join(', ') + (shown.length > 12 ? `, and ${shown.length - 12} more` : ''), { plain: true }),
  };
}

/** "a.txt (changed), b.txt (created)" for a notification. */
export function describeApplied(entry: UndoEntry): string {
  const top = entry.files.filter((f) => !isInside(f, entry.files));
  return visible(top.slice(0, 8).map((f) => `${f.path} (${fileChangeWord(f)})`).join(', ') + (top.length > 8 ? ` and ${top.length - 8} more` : ''), { plain: true });
}

/** Local time, to the second: "2026-12-03 17:40:01". */
export function formatTime(at: number): string {
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function kindWord(state: UndoState): string {
  return state.kind === 'dir' ? 'a folder' : state.kind === 'symlink' ? 'a link' : state.kind === 'file' ? 'a file' : 'nothing';
}

// The files of a deleted or replaced folder are recorded one by one; the folder's own row says it.
function isInside(file: UndoFile, all: readonly UndoFile[]): boolean {
  return all.some((other) => other !== file && file.path.startsWith(`${other.path}/`) && (other.before.kind === 'dir' || other.after.kind === 'dir'));
}
