// An edit proposal as hunks: the runs of changed lines between the text before
// and after. Each hunk keeps the exact removed and added text (line endings and
// a missing final newline included), so applying any subset is exact — no fuzz,
// no context matching: accepting every hunk gives `after`, none gives `before`.
// Lines are the editor's lines (CRLF, a lone CR, LF: core/display/line-breaks),
// so a hunk's line numbers and its lens fall where the editor shows them.
import { diffArrays } from 'diff';
import { lineOfStart, lineStartOffsets, splitEditorLines } from '../core/display';

/** One run of changed lines. Line numbers are 0-based editor lines. */
export interface Hunk {
  readonly index: number;
  /** First changed line in the text before. */
  readonly oldStart: number;
  readonly oldLines: number;
  /** First changed line in the text after (with every hunk applied). */
  readonly newStart: number;
  readonly newLines: number;
  /** The exact text the hunk removes, and what it puts in its place. */
  readonly removed: string;
  readonly added: string;
}

/** A text and its hunks, as `computeHunks` splits it. */
export interface HunkedEdit {
  /** Unchanged stretches around the hunks: `common[i]` comes before hunk i; one more than there are hunks. */
  readonly common: readonly string[];
  readonly hunks: readonly Hunk[];
}

/** Splits before → after into hunks. A new file (before null) or deleted file (after null) is one hunk of everything. */
export function computeHunks(before: string | null, after: string | null): HunkedEdit {
  const common: string[] = [];
  const hunks: Hunk[] = [];
  let pendingCommon = '';
  let current: { oldStart: number; oldLines: number; newStart: number; newLines: number; removed: string; added: string } | undefined;
  let oldLine = 0;
  let newLine = 0;
  const close = () => {
    if (!current) return;
    common.push(pendingCommon);
    pendingCommon = '';
    hunks.push({ index: hunks.length, ...current });
    current = undefined;
  };
  if ((before ?? '') === (after ?? '') && (before === null) === (after === null)) return { common: [before ?? ''], hunks: [] };
  for (const change of diffArrays(editorLines(before ?? ''), editorLines(after ?? ''))) {
    const lines = change.count ?? change.value.length;
    const value = change.value.join('');
    if (!change.added && !change.removed) {
      close();
      pendingCommon += value;
      oldLine += lines;
      newLine += lines;
      continue;
    }
    current ??= { oldStart: oldLine, oldLines: 0, newStart: newLine, newLines: 0, removed: '', added: '' };
    if (change.removed) {
      current.removed += value;
      current.oldLines += lines;
      oldLine += lines;
    } else {
      current.added += value;
      current.newLines += lines;
      newLine += lines;
    }
  }
  close();
  // Creating or deleting an empty file changes no line, yet is a change.
  if (hunks.length === 0) hunks.push({ index: 0, oldStart: 0, oldLines: 0, newStart: 0, newLines: 0, removed: '', added: '' });
  common.push(pendingCommon);
  return { common, hunks };
}

/** A text built from some hunks, and where each hunk landed in it. */
export interface AppliedHunks {
  readonly text: string;
  /** 0-based line in `text` where each hunk's content (added text if applied, removed if not) starts, by hunk index. */
  readonly starts: readonly number[];
}

/** Applies the hunks whose index is in `accepted` to the text before; the others keep the text before. */
export function applyHunks(edit: HunkedEdit, accepted: Iterable<number>): AppliedHunks {
  const take = new Set(accepted);
  let text = '';
  const offsets: number[] = [];
  edit.hunks.forEach((hunk, i) => {
    text += edit.common[i] ?? '';
    offsets.push(text.length);
    text += take.has(hunk.index) ? hunk.added : hunk.removed;
  });
  text += edit.common[edit.hunks.length] ?? '';
  // Lines counted in the whole text, as the editor counts them: a break is never split between two pieces.
  const lineStarts = lineStartOffsets(text);
  return { text, starts: offsets.map((offset) => lineOfStart(lineStarts, offset)) };
}

/**
 * What the file holds after a review: null when it should not exist — a deletion
 * accepted, or a new file none of whose hunks were accepted.
 */
export function reviewedContent(before: string | null, after: string | null, accepted: readonly number[]): string | null {
  const edit = computeHunks(before, after);
  if (after === null) return accepted.length > 0 ? null : before;
  if (before === null && accepted.length === 0) return null;
  return applyHunks(edit, accepted).text;
}

/** The editor's lines of a text, each with its line break; no empty last line. */
function editorLines(text: string): string[] {
  const lines = splitEditorLines(text);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
