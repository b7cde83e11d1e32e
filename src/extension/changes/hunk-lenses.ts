// Where the Accept hunk / Reject hunk lenses of a change's diff go: on the
// sandbox's side, the first line of each hunk — counted the way the editor
// counts lines (CRLF, a lone CR and LF; core/display/line-breaks), so a lens
// never sits beside another hunk's lines. The hunks are those
// `ShadowWorkspace.review` takes indexes into: computeHunks(real now, layer).
import { applyHunks, computeHunks } from '../../approvals/hunks';
import { splitEditorLines } from '../../core/display';

/** One hunk's lenses: its index for `review`, and the 0-based line of the sandbox's document they sit on. */
export interface HunkLens {
  readonly index: number;
  readonly line: number;
}

/**
 * The lens line of every hunk of real → layer (`real` null: the file is new).
 * A hunk that only removes lines sits on the line after the removal, or on
 * the last line when the removal ends the file.
 */
export function hunkLenses(real: string | null, layer: string): HunkLens[] {
  const edit = computeHunks(real, layer);
  // With every hunk applied the text is the layer's; `starts` are editor lines in it.
  const { starts } = applyHunks(edit, edit.hunks.map((h) => h.index));
  const last = editorLineCount(layer) - 1;
  return edit.hunks.map((h) => ({ index: h.index, line: Math.min(starts[h.index] ?? 0, last) }));
}

/** How many lines the editor shows for `text` (an empty text, or one ending with a break, has an empty last line). */
export function editorLineCount(text: string): number {
  return splitEditorLines(text).length;
}
