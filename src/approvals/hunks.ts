// An edit proposal as hunks: the runs of changed lines between the text before
// and after. Each hunk keeps the exact removed and added text (line endings and
// a missing final newline included), so applying any subset is exact — no fuzz,
// no context matching: accepting every hunk gives `after`, none gives `before`.
import { diffLines } from 'diff';

/** One run of changed lines. Line numbers are 0-based. */
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
  for (const change of diffLines(before ?? '', after ?? '')) {
    const lines = change.count;
    if (!change.added && !change.removed) {
      close();
      pendingCommon += change.value;
      oldLine += lines;
      newLine += lines;
      continue;
    }
    current ??= { oldStart: oldLine, oldLines: 0, newStart: newLine, newLines: 0, removed: '', added: '' };
    if (change.removed) {
      current.removed += change.value;
      current.oldLines += lines;
      oldLine += lines;
    } else {
      current.added += change.value;
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
  let line = 0;
  const starts: number[] = [];
  edit.hunks.forEach((hunk, i) => {
    const before = edit.common[i] ?? '';
    text += before;
    line += countLines(before);
    starts.push(line);
    const piece = take.has(hunk.index) ? hunk.added : hunk.removed;
    text += piece;
    line += countLines(piece);
  });
  text += edit.common[edit.hunks.length] ?? '';
  return { text, starts };
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

/** Lines a text spans up to its end: `a\nb` is 1 full line plus a partial one; only full lines move the next start. */
function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
