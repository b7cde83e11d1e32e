import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newPlaceholder, placeholderName } from '../secret-placeholder';
import { labelSecretPlaceholders } from './secret-placeholder-label';

describe('a bound secret\'s placeholder on display', () => {
  const npm = newPlaceholder('NPM_TOKEN');
  const hosts = (name: string) => (name === 'NPM_TOKEN' ? ['registry.npmjs.org'] : name === 'GH_TOKEN' ? ['github.com', 'api.github.com'] : undefined);

  it('reads as the secret\'s name and hosts, wherever it sits in the text', () => {
    assert.equal(labelSecretPlaceholders(`curl -H "Authorization: Bearer ${npm}" https://x`, hosts), 'curl -H "Authorization: Bearer «NPM_TOKEN for registry.npmjs.org»" https://x');
    assert.equal(labelSecretPlaceholders(newPlaceholder('GH_TOKEN'), hosts), '«GH_TOKEN for github.com, api.github.com»');
  });

  it('names a secret it knows no hosts for, and leaves everything else alone', () => {
    assert.equal(labelSecretPlaceholders(newPlaceholder('GONE')), '«GONE placeholder»');
    assert.equal(labelSecretPlaceholders('CLAWDOCK_SECRET_X_123 and plain text'), 'CLAWDOCK_SECRET_X_123 and plain text');
    assert.equal(labelSecretPlaceholders(`${npm}0`, hosts), `${npm}0`, 'a longer token is not a placeholder');
  });

  it('tells a placeholder\'s secret by its form alone', () => {
    assert.equal(placeholderName(npm), 'NPM_TOKEN');
    assert.equal(placeholderName(newPlaceholder('A_B_1')), 'A_B_1');
    assert.equal(placeholderName(`x${npm}`), undefined);
  });
});
