import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSecrets, secretFilePath, writeSecret } from './secret-file';

const envWith = () => ({ CLAWDOCK_HOME: mkdtempSync(join(tmpdir(), 'clawdock-secrets-')), CLAWDOCK_SECRETS_PASSPHRASE: 'test passphrase', CLAWDOCK_SECRETS_KEYCHAIN: 'off' });

test('keeps the CLI\'s secrets in the encrypted 0600 vault and reads them back', () => {
  const env = envWith();
  writeSecret('apiKey.anthropic', 'sk-ant-test-value', env);
  writeSecret('sandboxSecret.NPM_TOKEN', 'npm_abc', env);
  assert.deepEqual(readSecrets(env), { 'apiKey.anthropic': 'sk-ant-test-value', 'sandboxSecret.NPM_TOKEN': 'npm_abc' });
  assert.equal(statSync(secretFilePath(env)).mode & 0o777, 0o600);
  assert.ok(!readFileSync(secretFilePath(env), 'utf8').includes('sk-ant-test-value'));
  writeSecret('apiKey.anthropic', undefined, env);
  assert.deepEqual(Object.keys(readSecrets(env)), ['sandboxSecret.NPM_TOKEN']);
});

test('no vault and no plain file reads as no secrets, without asking for a passphrase', () => {
  assert.deepEqual(readSecrets({ CLAWDOCK_HOME: mkdtempSync(join(tmpdir(), 'clawdock-secrets-')), CLAWDOCK_SECRETS_KEYCHAIN: 'off' }), {});
});
