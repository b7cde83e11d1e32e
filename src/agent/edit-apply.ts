// Applies edit_file's exact search/replace blocks. Each search text must occur
// exactly once in the file as it stands after the blocks before it: an
// ambiguous or missing match is an error the model can fix, never a guess.
import type { EditFileArgs } from '../policy';

/** The new content, or why the edit cannot be applied. */
export type EditApplyResult = { readonly ok: true; readonly content: string } | { readonly ok: false; readonly reason: string };

/** Applies the blocks in order. */
export function applyEdits(content: string, edits: EditFileArgs['edits']): EditApplyResult {
  let text = content;
  for (const [i, edit] of edits.entries()) {
    const at = text.indexOf(edit.search);
    if (at < 0) return { ok: false, reason: `edit block ${i + 1}: the search text was not found; read the file again and quote it exactly (whitespace included)` };
    if (text.indexOf(edit.search, at + 1) >= 0) return { ok: false, reason: `edit block ${i + 1}: the search text occurs more than once; include more surrounding lines so it is unique` };
    text = text.slice(0, at) + edit.replace + text.slice(at + edit.search.length);
  }
  return { ok: true, content: text };
}
