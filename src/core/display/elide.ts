// Shortening text for a small surface, honestly: the marker says how many of the
// original characters are not shown (before any escaping), and the part shown
// at the end is the text's real end — never the end of an earlier cut.

/** What `elide` kept. Counts are code points of the original text. */
export interface Elided {
  /** The start (and the end, for `head-tail`) of the original text; `text.length`-style pieces, unescaped. */
  readonly head: string;
  readonly tail: string;
  /** Code points not shown. 0: the whole text is in `head`. */
  readonly hidden: number;
  /** Code points of the whole text. */
  readonly total: number;
}

/**
 * Keeps at most `limit` code points of `text`: its start (`head`), or its start
 * and its end (`head-tail`, half each). Never splits a surrogate pair.
 */
export function elide(text: string, limit: number, keep: 'head' | 'head-tail' = 'head-tail'): Elided {
  // Most texts are short: count code points only when the length in code units could exceed the limit.
  if (text.length <= limit) return { head: text, tail: '', hidden: 0, total: codePoints(text) };
  const points = Array.from(text);
  if (points.length <= limit) return { head: text, tail: '', hidden: 0, total: points.length };
  const max = Math.max(0, Math.floor(limit));
  const headCount = keep === 'head' ? max : Math.ceil(max / 2);
  const tailCount = keep === 'head' ? 0 : max - headCount;
  return {
    head: points.slice(0, headCount).join(''),
    tail: tailCount > 0 ? points.slice(points.length - tailCount).join('') : '',
    hidden: points.length - headCount - tailCount,
    total: points.length,
  };
}

/** `12,345`: counts as people read them. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** The marker shown where `elide` cut: `… 28,000 of 30,000 characters not shown …`. */
export function elisionMarker(e: Pick<Elided, 'hidden' | 'total'>): string {
  return `… ${formatCount(e.hidden)} of ${formatCount(e.total)} characters not shown …`;
}

function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
