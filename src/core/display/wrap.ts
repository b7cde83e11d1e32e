import { WRAP_MARK } from './visible';

// An escape `visible` wrote is one unit: a wrap never cuts `\u{202E}` in two.
const UNIT = /\\u\{[0-9A-F]{4,6}\}|[\s\S]/gu;

/**
 * Cuts one line of visible text (no line breaks in it) into pieces of at most
 * `width` columns; every piece after the first starts with `↪` (no space, so an
 * editor that wraps too keeps the mark with its text), so a wrap never reads as
 * a line break of the text (those end in `⏎`).
 */
export function wrapLine(line: string, width: number): string[] {
  const units = line.match(UNIT) ?? [];
  if (units.length <= width) return [line];
  const pieces: string[] = [];
  let i = 0;
  while (i < units.length) {
    const room = pieces.length === 0 ? width : Math.max(1, width - 1);
    const piece = units.slice(i, i + room).join('');
    pieces.push(pieces.length === 0 ? piece : `${WRAP_MARK}${piece}`);
    i += room;
  }
  return pieces;
}

/** `wrapLine` for every line of a visible text, the lines kept. */
export function wrapText(text: string, width: number): string[] {
  return text.split('\n').flatMap((line) => wrapLine(line, width));
}
