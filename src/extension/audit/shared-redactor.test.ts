import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SharedRedactor } from './shared-redactor';

const settings = { patterns: [], highEntropy: true, secretlint: false };
const SECRET = 'hunter2-very-private-value';

describe('the shared redactor', () => {
  it('masks a secret value it was told of', () => {
    const shared = new SharedRedactor(settings);
    shared.addSecretValue(SECRET);
    assert.doesNotMatch(shared.redact(`echo ${SECRET}`), /hunter2-very-private-value/);
  });

  it('keeps masking known values after the settings change', () => {
    const shared = new SharedRedactor(settings);
    shared.addSecretValue(SECRET);
    const rebuilt = shared.rebuild({ ...settings, patterns: ['zebra-\\d+'] });
    assert.equal(shared.current, rebuilt);
    const text = shared.redact(`${SECRET} zebra-42`);
    assert.doesNotMatch(text, /hunter2-very-private-value/);
    assert.doesNotMatch(text, /zebra-42/);
  });
});
