import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countLineBreaks, hasMixedLineEndings, lineAtOffset, lineEndingsOf, splitEditorLines } from './line-breaks';

describe('editor line breaks', () => {
  it('break at LF, CRLF and a lone CR, as the editor model does', () => {
    assert.deepEqual(splitEditorLines('a\nb\r\nc\rd'), ['a\n', 'b\r\n', 'c\r', 'd']);
    assert.equal(countLineBreaks('a\nb\r\nc\rd'), 3);
  });

  it('do not break at U+2028, U+2029 or NEL, which the editor keeps inside a line', () => {
    assert.deepEqual(splitEditorLines('a\u2028b\u2029c\u0085d'), ['a\u2028b\u2029c\u0085d']);
  });

  it('count a CRLF once, even when asked between its CR and LF', () => {
    const text = 'one\r\ntwo\rthree\n';
    assert.equal(lineAtOffset(text, 0), 0);
    assert.equal(lineAtOffset(text, 4), 0, 'between CR and LF is still line 0');
    assert.equal(lineAtOffset(text, 5), 1);
    assert.equal(lineAtOffset(text, text.indexOf('three')), 2, 'a lone CR starts a line');
    assert.equal(lineAtOffset(text, text.length), 3);
  });

  it('count each kind of ending and tell mixed ones', () => {
    const e = lineEndingsOf('a\nb\r\nc\rd\u2028');
    assert.deepEqual(e, { lf: 1, crlf: 1, cr: 1, unusual: 1 });
    assert.equal(hasMixedLineEndings(e), true);
    assert.equal(hasMixedLineEndings(lineEndingsOf('a\r\nb\r\n')), false);
  });
});
