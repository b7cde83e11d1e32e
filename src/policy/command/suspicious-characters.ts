/** A character in a command that a display may hide or misrender. */
export interface SuspiciousCharacter {
  readonly index: number;
  /** `U+2028` style code point. */
  readonly codePoint: string;
  readonly name: string;
}

const NAMED: Record<number, string> = {
  0x00: 'NUL', 0x0d: 'CARRIAGE RETURN', 0x1b: 'ESCAPE (ANSI sequences)', 0x7f: 'DELETE', 0x85: 'NEXT LINE (NEL)',
  0xad: 'SOFT HYPHEN', 0x061c: 'ARABIC LETTER MARK', 0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE', 0x200c: 'ZERO WIDTH NON-JOINER', 0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK', 0x200f: 'RIGHT-TO-LEFT MARK', 0x2028: 'LINE SEPARATOR', 0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING', 0x202b: 'RIGHT-TO-LEFT EMBEDDING', 0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE', 0x202e: 'RIGHT-TO-LEFT OVERRIDE', 0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE', 0x2067: 'RIGHT-TO-LEFT ISOLATE', 0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE', 0x3164: 'HANGUL FILLER', 0xfeff: 'ZERO WIDTH NO-BREAK SPACE (BOM)',
};

// C0 controls but tab and newline, DEL, C1 controls (NEL among them), and the
// invisible / direction-changing code points that make a command read differently
// from what runs (Trojan Source, CVE-2021-42574).
// eslint-disable-next-line no-control-regex
const SUSPICIOUS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\ufff9-\ufffb]/g;

/** Every control, invisible, bidirectional or line-separator character in a command. */
export function findSuspiciousCharacters(text: string): SuspiciousCharacter[] {
  const out: SuspiciousCharacter[] = [];
  for (const m of text.matchAll(SUSPICIOUS)) {
    const cp = m[0].codePointAt(0) ?? 0;
    out.push({
      index: m.index ?? 0,
      codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`,
      name: NAMED[cp] ?? (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ? 'CONTROL CHARACTER' : 'INVISIBLE FORMAT CHARACTER'),
    });
  }
  return out;
}
