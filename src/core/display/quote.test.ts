import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quote, quoteArgv } from './quote';

describe('quote', () => {
  it('leaves plain words as they are and single-quotes the rest', () => {
    assert.equal(quoteArgv(['bash', '-c', 'make deploy']), "bash -c 'make deploy'");
    assert.equal(quote(''), "''");
    assert.equal(quote("it's"), "'it'\\''s'");
  });

  it('shows hidden characters escaped inside the quotes', () => {
    assert.equal(quote('echo safe\u202e;rm'), "'echo safe\\u{202E};rm'");
    assert.equal(quote('a\u00a0b'), "'a\\u{00A0}b'", 'a no-break space is not shown as a space');
  });

  it('marks newlines in mark mode', () => {
    assert.equal(quote('a\nb', { lines: 'mark' }), "'a⏎\nb'");
  });
});
