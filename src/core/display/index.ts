// The display room of the core: how text from anyone but Clawdock is shown on
// every surface (DESIGN.md, approvals contract: "display is sanitized").
export { escapeCodePoint, hasHiddenCharacters, hiddenCharactersIn, neutraliseMarkup, NEWLINE_MARK, TAB_MARK, visible, WRAP_MARK } from './visible';
export type { HiddenCharacter, LineMode, VisibleOptions } from './visible';
export { quote, quoteArgv, shellWord } from './quote';
export { elide, elisionMarker, formatCount } from './elide';
export type { Elided } from './elide';
export { excerpt } from './excerpt';
export type { Excerpt, ExcerptOptions } from './excerpt';
export { wrapLine, wrapText } from './wrap';
export { countLineBreaks, hasMixedLineEndings, lineAtOffset, lineEndingsOf, lineOfStart, lineStartOffsets, splitEditorLines } from './line-breaks';
export type { LineEndings } from './line-breaks';
export { labelSecretPlaceholders, secretPlaceholderLabel } from './secret-placeholder-label';
export type { SecretHostsLookup } from './secret-placeholder-label';
