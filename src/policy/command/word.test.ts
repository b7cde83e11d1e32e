import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAnsiC, unquoted } from './word';

describe('words', () => {
  it('decodes ANSI-C strings the way bash does', () => {
    assert.equal(decodeAnsiC('\\x72\\x6d'), 'rm');
    assert.equal(decodeAnsiC('\\162\\155'), 'rm');
    assert.equal(decodeAnsiC('\\u0072m'), 'rm');
    assert.equal(decodeAnsiC('a\\nb\\tc\\\\\\\''), "a\nb\tc\\'");
    assert.equal(decodeAnsiC('\\e[0m'), '\u001b[0m');
    assert.equal(decodeAnsiC('\\q'), '\\q');
  });
  it('removes backslash escapes and line continuations from unquoted words', () => {
    assert.deepEqual(unquoted('\\rm'), { value: 'rm', dynamic: false, glob: false });
    assert.deepEqual(unquoted('r\\\nm'), { value: 'rm', dynamic: false, glob: false });
  });
  it('notes globs and brace expansion', () => {
    assert.equal(unquoted('*.ts').glob, true);
    assert.equal(unquoted('a{b,c}').glob, true);
    assert.equal(unquoted('{1..3}').glob, true);
    assert.equal(unquoted('{}').glob, false);
    assert.equal(unquoted('\\*').glob, false);
  });
});
