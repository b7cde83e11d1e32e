// The one display sanitiser (DESIGN.md, approvals contract: "control characters,
// ANSI escapes and bidirectional Unicode are made visible, never rendered").
// Every surface that shows text a model, a tool, a file or a chat sender wrote —
// proposal documents, the chat panel, notifications, the audit channel, the
// terminal — shows it through `visible`, so no surface can be made to show one
// thing while another runs.

/**
 * Characters never rendered as themselves, escaped as `\u{XXXX}`:
 * - controls, C0 and C1 (ESC among them, so an ANSI sequence shows as `\u{001B}[2K`);
 * - format characters: bidirectional embeddings, overrides, isolates and marks
 *   (Trojan Source, CVE-2021-42574), zero-width space / joiners, soft hyphen, BOM,
 *   interlinear annotations, tag characters (invisible "ASCII smuggling");
 * - every other default-ignorable code point (variation selectors, Hangul fillers …);
 * - line and paragraph separators (U+2028, U+2029): not line breaks in the editor,
 *   yet some renderers break the line there;
 * - spaces other than U+0020 (a no-break space joins `rm -rf` into one word for bash
 *   while reading as two), and the blank braille pattern;
 * - private-use, unassigned and lone surrogate code points, which render as nothing or anything.
 */
const HIDDEN_CLASS = '\\p{Cs}\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Co}\\p{Cn}\\p{Default_Ignorable_Code_Point}\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000\\u2800';
const HIDDEN = new RegExp(`[${HIDDEN_CLASS}]`, 'gu');

/** Marks a newline shown in place, followed by a real line break (`mark` mode). */
export const NEWLINE_MARK = '⏎';
/** Marks a tab shown in place (`mark` mode). */
export const TAB_MARK = '⇥';
/** Starts a line a renderer wrapped (not a newline of the text). */
export const WRAP_MARK = '↪';
// In `mark` mode the marks themselves are escaped where the text holds them, so a mark always means what it says.
const HIDDEN_OR_MARK = new RegExp(`[${HIDDEN_CLASS}${NEWLINE_MARK}${TAB_MARK}${WRAP_MARK}]`, 'gu');

/**
 * What newlines (LF) and tabs become:
 * - `escape`: `\u{000A}` and `\u{0009}` like any other control: one line, for logs and titles;
 * - `mark`: a newline is `⏎` and a real line break, a tab `⇥` (the marks are escaped where the text
 *   holds them): every character of a command or a path stays visible, across lines;
 * - `keep`: newlines and tabs as they are, for prose and tool output where lines are the content.
 * Every other hidden character (CR included) is escaped in every mode.
 */
export type LineMode = 'escape' | 'mark' | 'keep';

/** How `visible` treats text beyond the hidden characters. */
export interface VisibleOptions {
  /** Default `escape`. */
  readonly lines?: LineMode;
  /**
   * Escape what VS Code's own UI would render as markup instead of text: links
   * (`[x](command:…)` in notifications) and icons (`$(name)` in labels, lens titles,
   * the status bar). Set it for anything shown through a VS Code API string.
   */
  readonly plain?: boolean;
}

/** `\u{202E}`: how a hidden character is shown. */
export function escapeCodePoint(char: string): string {
  return `\\u{${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}}`;
}

/** Text with every hidden character made visible (see `HIDDEN`); see `VisibleOptions` for newlines, tabs and markup. */
export function visible(text: string, options: VisibleOptions = {}): string {
  const lines = options.lines ?? 'escape';
  const shown = text.replace(lines === 'mark' ? HIDDEN_OR_MARK : HIDDEN, (c) => {
    if (c === '\n') return lines === 'escape' ? escapeCodePoint(c) : lines === 'mark' ? `${NEWLINE_MARK}\n` : c;
    if (c === '\t') return lines === 'escape' ? escapeCodePoint(c) : lines === 'mark' ? TAB_MARK : c;
    return escapeCodePoint(c);
  });
  return options.plain ? neutraliseMarkup(shown) : shown;
}

/** One character `visible` escapes, where it stands in the text. */
export interface HiddenCharacter {
  /** UTF-16 offset in the text. */
  readonly index: number;
  readonly char: string;
  /** `U+202E` style code point. */
  readonly codePoint: string;
}

/**
 * Every character `visible` escapes, in order; `lines: 'keep'` leaves out newlines
 * and tabs (a command or prose where line breaks are content). One set, so what the
 * policy asks about is exactly what every surface makes visible.
 */
export function hiddenCharactersIn(text: string, options: { readonly lines?: 'escape' | 'keep' } = {}): HiddenCharacter[] {
  const out: HiddenCharacter[] = [];
  for (const m of text.matchAll(HIDDEN)) {
    if (options.lines === 'keep' && (m[0] === '\n' || m[0] === '\t')) continue;
    const cp = m[0].codePointAt(0) ?? 0;
    out.push({ index: m.index ?? 0, char: m[0], codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` });
  }
  return out;
}

/** Whether the text holds any character `visible` escapes (tabs and newlines count). */
export function hasHiddenCharacters(text: string): boolean {
  HIDDEN.lastIndex = 0;
  const found = HIDDEN.test(text);
  HIDDEN.lastIndex = 0;
  return found;
}

// A markdown link's opening bracket (VS Code links `[text](target)` in notification
// messages) and a codicon's `$(` (labels, lens titles, status bar): escaped so the text reads as typed.
const MARKUP = /\[(?=[^\]\n]*\]\()|\$(?=\()/g;

/** Text VS Code's UI would not turn into links or icons: `[x](command:…)` shows as `\u{005B}x](command:…)`. */
export function neutraliseMarkup(text: string): string {
  return text.replace(MARKUP, escapeCodePoint);
}
