import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSecrets, secretFilePath, writeSecret } from './secret-file';

test('keeps secrets in a 0600 file and reads them back', () => {
  const env = { CLAWDOCK_HOME: mkdtempSync(join(tmpdir(), 'clawdock-secrets-')) };
  writeSecret('apiKey.anthropic', 'sk-ant-test-value', env);
  writeSecret('sandboxSecret.NPM_TOKEN', 'npm_abc', env);
  assert.deepEqual(readSecrets(env), { 'apiKey.anthropic': 'sk-ant-test-value', 'sandboxSecret.NPM_TOKEN': 'npm_abc' });
  assert.equal(statSync(secretFilePath(env)).mode & 0o777, 0o600);
  writeSecret('apiKey.anthropic', undefined, env);
  assert.deepEqual(Object.keys(readSecrets(env)), ['sandboxSecret.NPM_TOKEN']);
});

test('refuses a secrets file that other users can read', () => {
  const env = { CLAWDOCK_HOME: mkdtempSync(join(tmpdir(), 'clawdock-secrets-')) };
  writeSecret('apiKey.openai', 'sk-x', env);
  chmodSync(secretFilePath(env), 0o644);
  assert.throws(() => readSecrets(env), /readable by other users.*chmod 600/);
});
