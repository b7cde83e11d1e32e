// Line breaks exactly as VS Code's text model counts them, so a position Clawdock
// computes (a hunk's lens, a decoration) lands on the line the editor shows.
// The model (pieceTreeBase.ts, createLineStarts) breaks lines at CRLF, a lone CR
// and LF — nothing else: U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR and NEL
// stay inside a line (the editor calls them "unusual line terminators").

/** A line break of the editor's model: CRLF first, then a lone CR, then LF. */
const BREAK = /\r\n|\r|\n/g;
/** Characters some tools break lines at but the editor does not. */
const UNUSUAL = /[\u2028\u2029\u0085]/g;

/** The text's lines as the editor splits them, each with its line break (the last has none). */
export function splitEditorLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (const m of text.matchAll(BREAK)) {
    const end = (m.index ?? 0) + m[0].length;
    lines.push(text.slice(start, end));
    start = end;
  }
  lines.push(text.slice(start));
  return lines;
}

/** How many line breaks the editor sees in `text`. */
export function countLineBreaks(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(BREAK)) n++;
  return n;
}

/**
 * The 0-based editor line of the character at `offset`. A CRLF is one break:
 * an offset between its CR and LF is still on the line the CR ends.
 */
export function lineAtOffset(text: string, offset: number): number {
  const before = text.slice(0, Math.max(0, offset));
  // A CR right before the offset whose LF follows it is half a CRLF: not a break yet.
  const split = before.endsWith('\r') && text[offset] === '\n';
  return countLineBreaks(split ? before.slice(0, -1) : before);
}

/** The offset where each editor line of `text` starts (the first is 0). */
export function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(BREAK)) starts.push((m.index ?? 0) + m[0].length);
  return starts;
}

/** The 0-based line whose start is the last one at or before `offset`, given `lineStartOffsets` of the text. */
export function lineOfStart(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** How a text ends its lines. */
export interface LineEndings {
  readonly lf: number;
  readonly crlf: number;
  /** A CR not followed by LF: a line break in the editor, but not for most tools. */
  readonly cr: number;
  /** U+2028, U+2029 and NEL: line breaks for some tools, not for the editor. */
  readonly unusual: number;
}

/** Counts each kind of line ending in `text`. */
export function lineEndingsOf(text: string): LineEndings {
  let lf = 0;
  let crlf = 0;
  let cr = 0;
  for (const m of text.matchAll(BREAK)) {
    if (m[0] === '\n') lf++;
    else if (m[0] === '\r\n') crlf++;
    else cr++;
  }
  let unusual = 0;
  for (const _ of text.matchAll(UNUSUAL)) unusual++;
  return { lf, crlf, cr, unusual };
}

/** Whether the text mixes kinds of line ending (LF, CRLF, CR). */
export function hasMixedLineEndings(e: LineEndings): boolean {
  return [e.lf, e.crlf, e.cr].filter((n) => n > 0).length > 1;
}
