import { hiddenCharactersIn } from '../../core/display';

/** A character in a command that a display may hide or misrender. */
export interface SuspiciousCharacter {
  readonly index: number;
  /** `U+2028` style code point. */
  readonly codePoint: string;
  readonly name: string;
}

const NAMED: Record<number, string> = {
  0x00: 'NUL', 0x0d: 'CARRIAGE RETURN', 0x1b: 'ESCAPE (ANSI sequences)', 0x7f: 'DELETE', 0x85: 'NEXT LINE (NEL)',
  0xa0: 'NO-BREAK SPACE', 0xad: 'SOFT HYPHEN', 0x061c: 'ARABIC LETTER MARK', 0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE', 0x200c: 'ZERO WIDTH NON-JOINER', 0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK', 0x200f: 'RIGHT-TO-LEFT MARK', 0x2028: 'LINE SEPARATOR', 0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING', 0x202b: 'RIGHT-TO-LEFT EMBEDDING', 0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE', 0x202e: 'RIGHT-TO-LEFT OVERRIDE', 0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE', 0x2067: 'RIGHT-TO-LEFT ISOLATE', 0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE', 0x3164: 'HANGUL FILLER', 0xfeff: 'ZERO WIDTH NO-BREAK SPACE (BOM)',
};

function nameOf(cp: number): string {
  const named = NAMED[cp];
  if (named) return named;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return 'CONTROL CHARACTER';
  if (cp >= 0xd800 && cp <= 0xdfff) return 'LONE SURROGATE';
  if ((cp >= 0xe000 && cp <= 0xf8ff) || cp >= 0xf0000) return 'PRIVATE-USE CHARACTER';
  if (/\p{Zs}/u.test(String.fromCodePoint(cp)) || cp === 0x2800) return 'SPACE OTHER THAN U+0020';
  return 'INVISIBLE OR UNASSIGNED CHARACTER';
}

/**
 * Every character in a command that the display sanitiser escapes (core/display's one
 * set: controls, invisible, bidirectional, line-separator, non-ASCII space, private-use
 * and unassigned code points), but tab and newline, which bash reads as they look.
 */
export function findSuspiciousCharacters(text: string): SuspiciousCharacter[] {
  return hiddenCharactersIn(text, { lines: 'keep' }).map((c) => ({
    index: c.index,
    codePoint: c.codePoint,
    name: nameOf(c.char.codePointAt(0) ?? 0),
  }));
}
