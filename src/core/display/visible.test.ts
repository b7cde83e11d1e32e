import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasHiddenCharacters, neutraliseMarkup, visible } from './visible';

// Every character class the three former sanitisers covered, and those one of them missed.
const HIDDEN: Array<[string, string]> = [
  ['NUL', '\u0000'], ['ESC (ANSI)', '\u001b'], ['CR', '\r'], ['DEL', '\u007f'], ['NEL', '\u0085'], ['C1 CSI', '\u009b'],
  ['soft hyphen', '\u00ad'], ['Arabic letter mark', '\u061c'], ['Mongolian vowel separator', '\u180e'],
  ['zero width space', '\u200b'], ['zero width non-joiner', '\u200c'], ['zero width joiner', '\u200d'],
  ['left-to-right mark', '\u200e'], ['right-to-left mark', '\u200f'], ['line separator', '\u2028'], ['paragraph separator', '\u2029'],
  ['left-to-right embedding', '\u202a'], ['right-to-left override', '\u202e'], ['word joiner', '\u2060'], ['invisible times', '\u2062'],
  ['left-to-right isolate', '\u2066'], ['pop directional isolate', '\u2069'], ['Hangul filler', '\u3164'], ['halfwidth Hangul filler', '\uffa0'],
  ['byte order mark', '\ufeff'], ['interlinear annotation anchor', '\ufff9'], ['variation selector 16', '\ufe0f'],
  ['tag letter a (ASCII smuggling)', '\u{e0061}'], ['cancel tag', '\u{e007f}'], ['no-break space', '\u00a0'], ['narrow no-break space', '\u202f'],
  ['em space', '\u2003'], ['ideographic space', '\u3000'], ['braille blank', '\u2800'], ['private use', '\ue000'], ['lone high surrogate', '\ud800'],
];

describe('visible', () => {
  for (const [name, char] of HIDDEN) {
    it(`escapes ${name} (U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase()}) and leaves none raw`, () => {
      const shown = visible(`a${char}b`);
      assert.equal(shown, `a\\u{${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}}b`);
      assert.equal(hasHiddenCharacters(shown), false);
      assert.equal(hasHiddenCharacters(`a${char}b`), true);
    });
  }

  it('leaves ordinary text, spaces and non-Latin letters alone', () => {
    const text = 'grep -rn "TODO: café – naïve 日本語" src/ ~/x $HOME';
    assert.equal(visible(text), text);
    assert.equal(hasHiddenCharacters(text), false);
  });

  it('shows an ANSI sequence as its escape followed by its printable rest', () => {
    assert.equal(visible('safe\u001b[2K\u001b[1Aevil'), 'safe\\u{001B}[2K\\u{001B}[1Aevil');
  });

  it('escapes newlines and tabs on one line by default', () => {
    assert.equal(visible('a\nb\tc'), 'a\\u{000A}b\\u{0009}c');
  });

  it('marks newlines and tabs in mark mode, each newline still a line break', () => {
    assert.equal(visible('grep -rn TODO src\ngit push --force origin main'), 'grep -rn TODO src\\u{000A}git push --force origin main');
    assert.equal(visible('grep -rn TODO src\ngit push --force origin main', { lines: 'mark' }), 'grep -rn TODO src⏎\ngit push --force origin main');
    assert.equal(visible('a\tb', { lines: 'mark' }), 'a⇥b');
    assert.equal(visible('a\r\nb', { lines: 'mark' }), 'a\\u{000D}⏎\nb', 'a CR is escaped even before its LF');
  });

  it('escapes the marks themselves in mark mode, so a mark always means what it says', () => {
    assert.equal(visible('echo fake⏎ still one line⇥↪', { lines: 'mark' }), 'echo fake\\u{23CE} still one line\\u{21E5}\\u{21AA}');
  });

  it('keeps newlines and tabs in keep mode, escaping the rest', () => {
    assert.equal(visible('a\nb\tc\u202e', { lines: 'keep' }), 'a\nb\tc\\u{202E}');
  });

  it('neutralises markdown links and icons for VS Code UI strings', () => {
    const text = 'see [x](command:clawdock.approval.approve?%5B%22a%22%5D) and $(check) done [not a link]';
    assert.equal(visible(text, { plain: true }), 'see \\u{005B}x](command:clawdock.approval.approve?%5B%22a%22%5D) and \\u{0024}(check) done [not a link]');
    assert.equal(neutraliseMarkup('[a](https://x) [b]( c)'), '\\u{005B}a](https://x) \\u{005B}b]( c)');
  });
});
