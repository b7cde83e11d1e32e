import type { Elided } from './elide';
import { elide, elisionMarker } from './elide';
import type { VisibleOptions } from './visible';
import { visible } from './visible';

/** Text cut to fit a surface and made visible, with an honest account of what was left out. */
export interface Excerpt {
  /** What to show: the visible start (and end), and the marker where the cut is. */
  readonly text: string;
  /** True when nothing was left out: only then may a surface offer to approve from it. */
  readonly whole: boolean;
  /** Code points of the original text not shown, and of the whole of it. */
  readonly hidden: number;
  readonly total: number;
}

/** How `excerpt` cuts and shows. */
export interface ExcerptOptions extends VisibleOptions {
  /** Most code points of the original text shown. */
  readonly limit: number;
  /** Default `head-tail`: the start and the real end. */
  readonly keep?: 'head' | 'head-tail';
  /** Most characters of the result (escapes make text longer): less of the original is shown until it fits. */
  readonly maxLength?: number;
}

/**
 * `text` made visible and, when longer than `limit`, cut to its start (and end)
 * around a marker that says how much of the original is not shown.
 */
export function excerpt(text: string, options: ExcerptOptions): Excerpt {
  let shown = cutAndShow(text, options);
  // Each escape is at most 10 characters for 1 or 2 of the original: a few rounds always fit.
  for (let limit = options.limit; options.maxLength !== undefined && shown.text.length > options.maxLength && limit > 0;) {
    limit = Math.max(0, Math.floor((limit * options.maxLength) / shown.text.length) - 64);
    shown = cutAndShow(text, { ...options, limit });
  }
  return shown;
}

function cutAndShow(text: string, options: ExcerptOptions): Excerpt {
  const cut: Elided = elide(text, options.limit, options.keep ?? 'head-tail');
  const show = (part: string) => visible(part, options);
  if (cut.hidden === 0) return { text: show(text), whole: true, hidden: 0, total: cut.total };
  const oneLine = (options.lines ?? 'escape') === 'escape';
  const marker = elisionMarker(cut);
  const parts = [show(cut.head), marker, ...(cut.tail ? [show(cut.tail)] : [])];
  return { text: parts.join(oneLine ? ' ' : '\n'), whole: false, hidden: cut.hidden, total: cut.total };
}
