import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SharedRedactor } from './shared-redactor';

const settings = { patterns: [], highEntropy: true, secretlint: false };
const SECRET = 'hunter2-very-private-value';

describe('the shared redactor', () => {
  it('masks a secret value it was told of, in text, values and streams', () => {
    const shared = new SharedRedactor(settings);
    shared.addSecretValue(SECRET);
    assert.doesNotMatch(shared.redact(`echo ${SECRET}`), /hunter2-very-private-value/);
    assert.doesNotMatch(JSON.stringify(shared.redactValue({ argv: ['x', SECRET] })), /hunter2-very-private-value/);
    const stream = shared.createStreamRedactor();
    const out = stream.push(`a ${SECRET.slice(0, 9)}`) + stream.push(`${SECRET.slice(9)} b`) + stream.flush();
    assert.doesNotMatch(out, /hunter2-very-private-value/);
  });

  it('is the same object after the settings change, with the new patterns and the known values', () => {
    const shared = new SharedRedactor(settings);
    shared.addSecretValue(SECRET);
    shared.rebuild({ ...settings, patterns: ['zebra-\\d+'] });
    const text = shared.redact(`${SECRET} zebra-42`);
    assert.doesNotMatch(text, /hunter2-very-private-value/);
    assert.doesNotMatch(text, /zebra-42/);
  });
});
