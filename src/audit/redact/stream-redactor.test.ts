import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Redactor } from './redactor';
import { seededRandom } from './secret-corpus';
import { MAX_SINGLE_LINE_MATCH } from './stream-redactor';

const token = `ghp_${'aB3d'.repeat(9)}`;

function streamAll(chunks: readonly string[], redactor = new Redactor()): string {
  const stream = redactor.createStreamRedactor();
  return chunks.map((c) => stream.push(c)).join('') + stream.flush();
}

describe('the stream redactor', () => {
  test('gives the same text as redacting the whole at once', () => {
    const redactor = new Redactor();
    const text = `build ok\nexport GH_TOKEN=${token}\nsome more output\npassword: hunter2hunter2\n`.repeat(50);
    const rnd = seededRandom(7);
    const chunks: string[] = [];
    for (let at = 0; at < text.length; ) {
      const n = 1 + Math.floor(rnd() * 97);
      chunks.push(text.slice(at, at + n));
      at += n;
    }
    assert.equal(streamAll(chunks, redactor), redactor.redact(text));
  });

  test('emits complete lines at once, so output stays live', () => {
    const stream = new Redactor().createStreamRedactor();
    assert.equal(stream.push('line one\nline t'), 'line one\n');
    assert.equal(stream.pending, 'line t'.length);
    assert.equal(stream.push('wo\n'), 'line two\n');
  });

  test('masks a token split across chunks at any position', () => {
    const text = `auth ${token} done\n`;
    for (let cut = 1; cut < text.length; cut++) {
      const out = streamAll([text.slice(0, cut), text.slice(cut)]);
      assert.ok(!out.includes(token.slice(10)), `cut at ${cut}: ${out}`);
    }
  });

  test('holds a private key block until its END line, and masks it whole', () => {
    const body = Array.from({ length: 30 }, (_, i) => `MIIEow${String(i).padStart(2, '0')}${'Qk9'.repeat(18)}`).join('\n');
    const text = `before\n-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\nafter\n`;
    const lines = text.split(/(?<=\n)/);
    const out = streamAll(lines);
    assert.ok(!out.includes('Qk9Qk9Qk9'), out);
    assert.match(out, /^before\n-----BEGIN RSA PRIVATE KEY-----…\[REDACTED:\d+\]\nafter\n$/);
  });

  test('keeps memory bounded on a huge line without newlines', () => {
    const stream = new Redactor().createStreamRedactor();
    let maxPending = 0;
    let outLength = 0;
    const chunk = 'x'.repeat(10_000);
    for (let i = 0; i < 500; i++) {
      outLength += stream.push(chunk).length;
      maxPending = Math.max(maxPending, stream.pending);
    }
    outLength += stream.flush().length;
    assert.equal(outLength, 500 * 10_000);
    assert.ok(maxPending <= MAX_SINGLE_LINE_MATCH + 10_000, `held ${maxPending} characters`);
  });

  test('masks a secret split across chunks inside a huge line', () => {
    const text = `${'y '.repeat(20_000)}${token} ${'z '.repeat(20_000)}`;
    const at = text.indexOf(token) + 7;
    const out = streamAll([text.slice(0, at), text.slice(at)]);
    assert.ok(!out.includes(token.slice(8)));
    assert.equal(out.length, text.length - token.length + 'ghp_…[REDACTED:40]'.length);
  });

  test('picks up secret values added after the stream started', () => {
    const redactor = new Redactor();
    const stream = redactor.createStreamRedactor();
    redactor.addSecretValue('late-added-secret');
    assert.equal(stream.push('x late-added-secret\n'), 'x la…[REDACTED:17]\n');
  });

  test('flushes nothing twice', () => {
    const stream = new Redactor().createStreamRedactor();
    stream.push('partial');
    assert.equal(stream.flush(), 'partial');
    assert.equal(stream.flush(), '');
  });
});

describe('the stream redactor, over random chunking', () => {
  test('masks exactly what redacting the whole text masks', async () => {
    const fc = (await import('fast-check')).default;
    const { buildCorpus } = await import('./secret-corpus');
    const samples = [...buildCorpus(5).secrets.map((s) => s.text), 'plain output line', 'npm WARN deprecated x@1.0.0', '  at f (/w/a.js:1:2)'];
    const redactor = new Redactor();
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...samples), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 40 }),
        (parts, sizes) => {
          const text = parts.join('\n') + '\n';
          const chunks: string[] = [];
          for (let at = 0, i = 0; at < text.length; i++) {
            const n = sizes[i % sizes.length] as number;
            chunks.push(text.slice(at, at + n));
            at += n;
          }
          assert.equal(streamAll(chunks, redactor), redactor.redact(text));
        },
      ),
      { numRuns: 300, seed: 4 },
    );
  });
});
