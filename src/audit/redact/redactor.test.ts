import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../../core/errors';
import { newPlaceholder } from '../../core/secret-placeholder';
import { Redactor } from './redactor';
import { buildCorpus, type SecretSample } from './secret-corpus';

const corpus = buildCorpus();

/**
 * A secret leaked when any 8 characters of it beyond the prefix a mask may
 * show (a quarter of it) are still in the output.
 */
function leaked(output: string, secret: string): boolean {
  const shown = Math.floor(secret.length / 4);
  for (let at = shown; at + 8 <= secret.length; at++) {
    if (output.includes(secret.slice(at, at + 8))) return true;
  }
  return secret.length < 8 && output.includes(secret);
}

function assertMasked(output: string, sample: SecretSample): void {
  for (const secret of sample.secrets) {
    assert.ok(!leaked(output, secret), `${sample.name}: secret survived in ${JSON.stringify(output).slice(0, 300)}`);
  }
  assert.match(output, /\[REDACTED:\d+\]/, `${sample.name}: no mask in the output`);
}

describe('the secret corpus', () => {
  test('holds at least 60 samples across providers and formats', () => {
    assert.ok(corpus.secrets.length >= 60, `only ${corpus.secrets.length} samples`);
  });

  test('every sample is masked by the synchronous path', () => {
    const redactor = new Redactor();
    for (const sample of corpus.secrets) assertMasked(redactor.redact(sample.text), sample);
  });

  test('every sample is masked by the async path with secretlint', async () => {
    const redactor = new Redactor();
    for (const sample of corpus.secrets) assertMasked(await redactor.redactAsync(sample.text), sample);
  });

  test('every sample is masked when streamed in chunks split at every position near the secret', () => {
    const redactor = new Redactor();
    for (const sample of corpus.secrets) {
      const secret = sample.secrets[0] as string;
      const at = sample.text.indexOf(secret);
      const cuts = new Set<number>([at, at + 1, at + Math.floor(secret.length / 2), at + secret.length - 1, at + secret.length]);
      for (const cut of cuts) {
        if (cut <= 0 || cut >= sample.text.length) continue;
        const stream = redactor.createStreamRedactor();
        const out = stream.push(sample.text.slice(0, cut)) + stream.push(sample.text.slice(cut)) + stream.flush();
        assertMasked(out, sample);
      }
    }
  });

  test('every sample is masked when streamed one character at a time', () => {
    const redactor = new Redactor();
    for (const sample of corpus.secrets) {
      const stream = redactor.createStreamRedactor();
      let out = '';
      for (const ch of sample.text) out += stream.push(ch);
      assertMasked(out + stream.flush(), sample);
    }
  });

  test('look-alike non-secrets are mostly kept, and the false-positive rate is reported', (t) => {
    const redactor = new Redactor();
    const changed = corpus.nonSecrets.filter((s) => redactor.redact(s.text) !== s.text);
    const rate = changed.length / corpus.nonSecrets.length;
    t.diagnostic(`false positives: ${changed.length}/${corpus.nonSecrets.length} = ${(rate * 100).toFixed(1)}% (${changed.map((s) => s.name).join(', ') || 'none'})`);
    assert.ok(rate <= 0.1, `false-positive rate ${(rate * 100).toFixed(1)}% is above 10%`);
  });

  test('secretlint adds few false positives on the look-alikes', async (t) => {
    const redactor = new Redactor();
    let changed = 0;
    for (const s of corpus.nonSecrets) if ((await redactor.redactAsync(s.text)) !== s.text) changed++;
    t.diagnostic(`false positives with secretlint: ${changed}/${corpus.nonSecrets.length}`);
    assert.ok(changed / corpus.nonSecrets.length <= 0.12);
  });
});

describe('masking', () => {
  test('keeps a short vendor prefix and the length, so a person can tell which key leaked', () => {
    const key = `sk-ant-api03-${'x1Y2'.repeat(23)}AAAA`;
    assert.equal(new Redactor().redact(key), `sk-ant…[REDACTED:${key.length}]`);
    assert.match(new Redactor().redact(`ghp_${'aB3d'.repeat(9)}`), /^ghp_…\[REDACTED:40\]$/);
  });

  test('never shows more than a quarter of a secret', () => {
    assert.equal(new Redactor().redact('password=abcdefgh'), 'password=[REDACTED:8]');
  });

  test('redacting twice changes nothing more', () => {
    const redactor = new Redactor();
    for (const sample of corpus.secrets) {
      const once = redactor.redact(sample.text);
      assert.equal(redactor.redact(once), once, sample.name);
    }
  });

  test('keeps the context around a secret', () => {
    const out = new Redactor().redact('postgres://app:Sup3rS3cretValue@db:5432/x');
    assert.equal(out, 'postgres://app:Su…[REDACTED:16]@db:5432/x');
  });
});

describe('known secret values', () => {
  test('are masked wherever they appear, also JSON-escaped, URL-encoded and base64-encoded', () => {
    const redactor = new Redactor();
    const value = 'my "gateway" token/42+x';
    redactor.addSecretValue(value);
    const text = [value, JSON.stringify(value), encodeURIComponent(value), Buffer.from(value).toString('base64')].join(' | ');
    const out = redactor.redact(text);
    assert.ok(!out.includes('gateway'), out);
    assert.ok(!out.includes(Buffer.from(value).toString('base64').slice(4, 20)), out);
  });

  test('stop being masked once revoked', () => {
    const redactor = new Redactor();
    const handle = redactor.addSecretValue('plainword-value');
    assert.notEqual(redactor.redact('x plainword-value y'), 'x plainword-value y');
    handle.dispose();
    assert.equal(redactor.redact('x plainword-value y'), 'x plainword-value y');
  });

  test('shorter than four characters are ignored rather than masking ordinary text everywhere', () => {
    const redactor = new Redactor();
    redactor.addSecretValue('abc');
    assert.equal(redactor.redact('abc abc'), 'abc abc');
  });

  test('given at construction are masked too', () => {
    const redactor = new Redactor({ secretValues: ['tg-secret-7789'] });
    assert.equal(redactor.redact('value tg-secret-7789.'), 'value t…[REDACTED:14].');
  });
});

describe('user patterns', () => {
  test('extend the built-in rules and never replace them', () => {
    const redactor = new Redactor({ patterns: ['ACME-[0-9]{6}'] });
    const out = redactor.redact(`ACME-123456 and ghp_${'aB3d'.repeat(9)}`);
    assert.match(out, /^\[REDACTED:11\] and ghp_…/);
  });

  test('can mask only a named part and take flags', () => {
    const redactor = new Redactor({ patterns: ['/internal-id: (?<s>[a-z]{8})/i'] });
    assert.equal(redactor.redact('INTERNAL-ID: abcdefgh'), 'INTERNAL-ID: [REDACTED:8]');
  });

  test('that do not compile are refused with the setting named', () => {
    assert.throws(() => new Redactor({ patterns: ['(unclosed'] }), (e: unknown) => e instanceof ConfigError && /redaction\.patterns/.test(e.message));
  });

  test('that match empty text are refused', () => {
    assert.throws(() => new Redactor({ patterns: ['x*'] }), ConfigError);
  });
});

describe('structured values', () => {
  test('mask strings under secret-like keys and after secret flags in argv', () => {
    const out = new Redactor().redactValue({
      env: { GITHUB_TOKEN: 'short-but-secret', HOME: '/home/me' },
      argv: ['mysql', '--password', 'hunter2', '-e', 'select 1'],
      note: 'nothing here',
    });
    assert.deepEqual(out, {
      env: { GITHUB_TOKEN: 'sh…[REDACTED:16]', HOME: '/home/me' },
      argv: ['mysql', '--password', '[REDACTED:7]', '-e', 'select 1'],
      note: 'nothing here',
    });
  });

  test('mask values secretlint alone finds across all strings of an event', async () => {
    // A Notion token: not one of our synchronous rules, but in secretlint's preset.
    const key = `ntn_${'12345678901'}${'a1B2c3D4e5'.repeat(3)}xY9zQ`;
    assert.equal(new Redactor().redact(key), key);
    const out = await new Redactor().redactValueAsync({ a: `x ${key}`, b: [key] });
    assert.ok(!JSON.stringify(out).includes(key.slice(12)), JSON.stringify(out));
  });

  test('can turn off the high-entropy rule but not the strong names', () => {
    const redactor = new Redactor({ highEntropy: false });
    assert.equal(redactor.redact('session_key=AbCdEf0123456789XyZ'), 'session_key=AbCdEf0123456789XyZ');
    assert.equal(redactor.redact('password=AbCdEf0123456789XyZ'), 'password=Ab…[REDACTED:19]');
  });
});

describe('the secretlint pass', () => {
  test('leaves no profiler marks behind, so a long-lived process does not slow down or grow', async () => {
    const { performance } = await import('node:perf_hooks');
    const redactor = new Redactor();
    for (let i = 0; i < 50; i++) await redactor.redactAsync(`line ${i} with nothing secret`);
    await new Promise((resolve) => setImmediate(resolve));
    const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('@core>'));
    assert.equal(marks.length, 0);
  });
});

describe('redaction under crafted input', () => {
  test('stays fast on text built to make the patterns backtrack', () => {
    const redactor = new Redactor();
    const crafted: Record<string, string> = {
      'repeated JWT prefixes': 'eyJ'.repeat(300_000),
      'repeated OpenAI prefixes': 'sk-'.repeat(300_000),
      'repeated Slack prefixes inside one token': 'xoxb-'.repeat(200_000),
      'repeated key blocks without END': '-----BEGIN RSA PRIVATE KEY-----\n'.repeat(30_000),
      'repeated URL credentials without @': '://a:'.repeat(200_000),
      'repeated secret names': 'password='.repeat(100_000),
      'repeated header names': 'authorization: '.repeat(70_000),
    };
    // Against plain text of the same length redacted just before, not a wall-clock bound: a
    // backtracking rule costs thousands of times more, a busy machine slows both alike.
    const timed = (text: string) => {
      const started = performance.now();
      redactor.redact(text);
      return performance.now() - started;
    };
    for (const [name, text] of Object.entries(crafted)) {
      const plain = timed('a'.repeat(text.length));
      const ms = timed(text);
      assert.ok(ms < 50 * plain + 20, `${name}: ${ms.toFixed(0)} ms for ${(text.length / 1e6).toFixed(1)} MB, against ${plain.toFixed(0)} ms for plain text`);
    }
  });
});

describe('a multi-line known value', () => {
  test('is masked line by line in a stream that is cut between its lines', () => {
    const redactor = new Redactor();
    const value = 'first-line-of-secret\nsecond-line-of-secret\nok';
    redactor.addSecretValue(value);
    const stream = redactor.createStreamRedactor();
    const out = stream.push('ok\ncat creds\nfirst-line-of-secret\n') + stream.push('second-line-of-secret\nok\n') + stream.flush();
    assert.ok(!out.includes('line-of-secret'), out);
    assert.ok(out.startsWith('ok\n'), 'short lines are not masked on their own');
  });
});

describe('a bound secret\'s placeholder (issue 16)', () => {
  const placeholder = newPlaceholder('NPM_TOKEN');
  const redactor = new Redactor({ secretlint: false });
  redactor.setSecretHosts((name) => (name === 'NPM_TOKEN' ? ['registry.npmjs.org'] : undefined));

  test('is shown as the secret\'s name and hosts wherever it appears', () => {
    assert.equal(redactor.redact(`NPM_TOKEN=${placeholder}\n`), 'NPM_TOKEN=«NPM_TOKEN for registry.npmjs.org»\n');
    assert.equal(redactor.redact(`Authorization: Bearer ${placeholder}`), 'Authorization: Bearer «NPM_TOKEN for registry.npmjs.org»');
    assert.equal(redactor.redact(newPlaceholder('OTHER')), '«OTHER placeholder»');
  });

  test('is labelled, not masked, under a secret-like key of an audit record', () => {
    assert.deepEqual(redactor.redactValue({ env: { NPM_TOKEN: placeholder } }), { env: { NPM_TOKEN: '«NPM_TOKEN for registry.npmjs.org»' } });
  });

  test('is labelled in a stream even when split across chunks', () => {
    const stream = redactor.createStreamRedactor();
    const out = stream.push(`echo ${placeholder.slice(0, 20)}`) + stream.push(`${placeholder.slice(20)} done\n`) + stream.flush();
    assert.equal(out, 'echo «NPM_TOKEN for registry.npmjs.org» done\n');
  });
});
