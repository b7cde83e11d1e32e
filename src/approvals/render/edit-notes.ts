// What a person could miss in an edit's diff: line endings the editor breaks at
// and most tools do not (a lone CR), mixed or changed endings, separators some
// tools break at and the editor does not, hunks that change only whitespace
// (a re-indent that moves a line out of a block), and invisible characters.
// Every surface that shows an edit shows these notes.
import { escapeCodePoint, hasHiddenCharacters, hasMixedLineEndings, lineEndingsOf } from '../../core/display';
import type { LineEndings } from '../../core/display';
import type { EditSubject } from '../approval';
import { computeHunks } from '../hunks';

/** What the notes of one edit are. */
export interface EditNotes {
  /** Sentences for a person, most important first. */
  readonly notes: readonly string[];
  /** Short tags for a title: `whitespace-only changes`, `lone CR line endings` … */
  readonly tags: readonly string[];
  /** Hunks (0-based) whose change is only whitespace: spaces, tabs, line endings. */
  readonly whitespaceOnlyHunks: readonly number[];
}

// Whitespace as the diff's whitespace-ignoring modes see it; a no-break space is not among them (it changes what a shell reads).
const ASCII_WHITESPACE = /[ \t\r\n\f\v]/g;

/** The notes of an edit (none for an ordinary one). */
export function editNotes(subject: Pick<EditSubject, 'before' | 'after'>): EditNotes {
  const notes: string[] = [];
  const tags: string[] = [];
  const { hunks } = computeHunks(subject.before, subject.after);
  const whitespaceOnlyHunks = hunks
    .filter((h) => h.removed !== h.added && h.removed.replace(ASCII_WHITESPACE, '') === h.added.replace(ASCII_WHITESPACE, '') && subject.before !== null && subject.after !== null)
    .map((h) => h.index);
  if (whitespaceOnlyHunks.length > 0) {
    tags.push('whitespace-only changes');
    notes.push(whitespaceOnlyHunks.length === hunks.length
      ? 'This edit changes only whitespace (indentation, spacing or line endings): read it in the diff, where every such change is marked.'
      : `Hunk${whitespaceOnlyHunks.length > 1 ? 's' : ''} ${whitespaceOnlyHunks.map((i) => i + 1).join(', ')} change${whitespaceOnlyHunks.length > 1 ? '' : 's'} only whitespace (indentation, spacing or line endings): a re-indent can move a line into or out of a block.`);
  }
  if (subject.after !== null) {
    const after = lineEndingsOf(subject.after);
    if (after.cr > 0) {
      tags.push('lone CR line endings');
      notes.push(`The new content ends ${after.cr} line${after.cr > 1 ? 's' : ''} with a lone CR (carriage return): the editor breaks the line there, most tools and compilers do not.`);
    }
    if (hasMixedLineEndings(after)) {
      tags.push('mixed line endings');
      notes.push(`The new content mixes line endings (${describeEndings(after)}).`);
    }
    const was = subject.before === null ? undefined : dominant(lineEndingsOf(subject.before));
    const now = dominant(after);
    if (was && now && was !== now) {
      tags.push('line endings changed');
      notes.push(`This edit changes the line endings from ${was} to ${now}.`);
    }
    if (after.unusual > 0) {
      tags.push('unusual line terminators');
      notes.push(`The new content holds ${after.unusual} line or paragraph separator${after.unusual > 1 ? 's' : ''} (U+2028, U+2029 or NEL): some tools break lines there, the editor does not.`);
    }
    const hidden = hiddenAdded(subject.before ?? '', subject.after);
    if (hidden.length > 0) {
      tags.push('invisible characters');
      notes.push(`The new content adds ${hidden.length} invisible, control or direction-changing character${hidden.length > 1 ? 's' : ''} (${[...new Set(hidden)].slice(0, 5).map(escapeCodePoint).join(', ')}).`);
    }
  }
  return { notes, tags, whitespaceOnlyHunks };
}

function describeEndings(e: LineEndings): string {
  return [e.lf ? `${e.lf} LF` : '', e.crlf ? `${e.crlf} CRLF` : '', e.cr ? `${e.cr} lone CR` : ''].filter(Boolean).join(', ');
}

function dominant(e: LineEndings): string | undefined {
  const counts: Array<[string, number]> = [['LF', e.lf], ['CRLF', e.crlf], ['CR', e.cr]];
  const best = counts.sort((a, b) => b[1] - a[1])[0];
  return best && best[1] > 0 ? best[0] : undefined;
}

/** Hidden characters (tabs, newlines and CR aside) the new content has more of than the old. */
function hiddenAdded(before: string, after: string): string[] {
  if (!hasHiddenCharacters(after.replace(/[\t\r\n]/g, ''))) return [];
  const count = (text: string) => {
    const m = new Map<string, number>();
    for (const c of text) if (c !== '\t' && c !== '\r' && c !== '\n' && hasHiddenCharacters(c)) m.set(c, (m.get(c) ?? 0) + 1);
    return m;
  };
  const was = count(before);
  const out: string[] = [];
  for (const [c, n] of count(after)) for (let i = was.get(c) ?? 0; i < n; i++) out.push(c);
  return out;
}
