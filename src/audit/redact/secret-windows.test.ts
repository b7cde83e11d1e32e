import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Redactor } from './redactor';

const VALUE = 'npm_Sup3rS3cret-Value_0123456789abcdef';

/** Letters and digits only, in lower case: how the window match sees text. */
const compact = (text: string) => text.replace(/[^A-Za-z0-9]+/g, '').toLowerCase();

/** The longest run of `form`'s letters and digits still in `out` (read the same way): what leaked. */
function longestLeak(out: string, form: string): number {
  const b = compact(form);
  let best = 0;
  // A mask breaks a run (its own letters are not the value's).
  for (const piece of out.split(/…?\[REDACTED:\d+\]/)) {
    const a = compact(piece);
    for (let i = 0; i < b.length; i++) {
      for (let n = best + 1; i + n <= b.length; n++) {
        if (!a.includes(b.slice(i, i + n))) break;
        best = n;
      }
    }
  }
  return best;
}

/** Every character of `separator`-joined text. */
const spaced = (text: string, separator: string) => [...text].join(separator);
const reverse = (text: string) => [...text].reverse().join('');
const b64 = (bytes: Buffer) => bytes.toString('base64');

/** `xxd` as it prints: offset, groups of four hex digits, the ASCII column. */
function xxd(bytes: Buffer): string {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const row = bytes.subarray(at, at + 16);
    const hex = row.toString('hex').replace(/(.{4})/g, '$1 ').trim();
    lines.push(`${at.toString(16).padStart(8, '0')}: ${hex.padEnd(39)}  ${row.toString('latin1').replace(/[^\x20-\x7e]/g, '.')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** What a command holding the value might print to get it past an exact match (issue 16). */
function encodings(value: string): Record<string, { text: string; form: string }> {
  const bytes = Buffer.from(value);
  const out: Record<string, { text: string; form: string }> = {
    'reversed (rev)': { text: reverse(value), form: reverse(value) },
    'hex (xxd -p)': { text: bytes.toString('hex'), form: bytes.toString('hex') },
    'hex upper case (xxd -u -p)': { text: bytes.toString('hex').toUpperCase(), form: bytes.toString('hex') },
    'spaced (sed s/./& /g)': { text: spaced(value, ' '), form: value },
    'one per line (fold -w1)': { text: spaced(value, '\n'), form: value },
    'dash-separated': { text: spaced(value, '-'), form: value },
    'comma and space separated': { text: spaced(value, ', '), form: value },
    'two-character separators': { text: spaced(value, '::'), form: value },
    'URL-encoded': { text: encodeURIComponent(`${value}/x y`), form: encodeURIComponent(value) },
    'upper case (tr a-z A-Z)': { text: value.toUpperCase(), form: value },
    'od -An -tx1': { text: [...bytes].map((b) => ` ${b.toString(16).padStart(2, '0')}`).join('').replace(/((?: [0-9a-f]{2}){16})/g, '$1\n'), form: bytes.toString('hex') },
  };
  for (let shift = 0; shift < 3; shift++) {
    const prefix = Buffer.from('xyz'.slice(0, shift));
    const whole = b64(Buffer.concat([prefix, bytes]));
    out[`base64, ${shift} byte(s) before it`] = { text: whole, form: whole.slice(shift === 0 ? 0 : 4) };
    const url = Buffer.concat([prefix, bytes]).toString('base64url');
    out[`base64url, ${shift} byte(s) before it`] = { text: url, form: url.slice(shift === 0 ? 0 : 4) };
  }
  return out;
}

describe('a known value re-encoded by a command that holds it', () => {
  const redactor = new Redactor({ secretlint: false });
  redactor.addSecretValue(VALUE);

  for (const [name, { text, form }] of Object.entries(encodings(VALUE))) {
    test(`is masked: ${name}`, () => {
      const out = redactor.redact(`before ${text} after\n`);
      assert.ok(longestLeak(out, form) < 12, `${name}: ${JSON.stringify(out)}`);
      assert.match(out, /^before /);
      assert.match(out, /after\n$/);
    });
  }

  test('is masked in xxd\'s dump, all but the few characters of a partial first or last row', () => {
    const out = redactor.redact(xxd(Buffer.from(`PREFIX:${VALUE}`)));
    assert.ok(longestLeak(out, VALUE) < 12, out);
    assert.ok(longestLeak(out, Buffer.from(VALUE).toString('hex')) < 24, out);
  });

  test('is masked in any 12-character window of it (two cut halves, a slice from the middle)', () => {
    for (const piece of [VALUE.slice(0, 19), VALUE.slice(19), VALUE.slice(7, 20), VALUE.slice(5, 30)]) {
      const out = redactor.redact(`x ${piece} y`);
      assert.equal(out.includes(piece), false, out);
      assert.doesNotMatch(out, /…\[REDACTED/, 'a piece shows nothing of itself');
    }
  });

  test('shows nothing of a re-encoding, so masks cannot be pieced together', () => {
    const out = redactor.redact(`${reverse(VALUE)}\n${Buffer.from(VALUE).toString('hex')}\n${VALUE.slice(1)}`);
    assert.doesNotMatch(out, /…\[REDACTED/);
  });

  test('leaves ordinary text alone, including text that shares a few characters with it', () => {
    const text = 'npm_ install done; Value_01 is fine; abcdef0123 and 3456789ab\n'.repeat(20);
    assert.equal(redactor.redact(text), text);
  });

  test('is masked in a stream, whatever the chunks, even printed a few characters at a time', () => {
    for (const [name, { text, form }] of Object.entries(encodings(VALUE))) {
      for (const size of [1, 3, 7, 40]) {
        const stream = redactor.createStreamRedactor();
        let out = '';
        for (let at = 0; at < text.length; at += size) out += stream.push(`${text.slice(at, at + size)}\n`);
        out += stream.flush();
        // What went out before 12 characters of it were seen cannot be taken back: at most that leaks.
        assert.ok(longestLeak(out, form) < 12, `${name}, ${size}-character chunks: ${JSON.stringify(out.slice(0, 300))}`);
      }
    }
  });
});
