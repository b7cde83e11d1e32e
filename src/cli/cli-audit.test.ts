import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newPlaceholder } from '../core/secret-placeholder';
import { boundSecretsFromVault, cliRedactor, cliSecretFacts, grantedEnvFromSecrets } from './cli-audit';
import { writeSecret } from './secret-file';

function home(settings: Record<string, unknown>): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'clawdock-cli-grants-'));
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings));
  return { CLAWDOCK_HOME: dir, CLAWDOCK_SECRETS_PASSPHRASE: 'test passphrase', CLAWDOCK_SECRETS_KEYCHAIN: 'off' };
}

test('the CLI hands a secret bound to hosts to the proxy with its value, and puts nothing in the environment', () => {
  const env = home({ 'clawdock.sandbox.grantedSecrets': [{ name: 'NPM_TOKEN', hosts: ['registry.npmjs.org'] }] });
  try {
    writeSecret('sandboxSecret.NPM_TOKEN', 'npm_value_0123456789', env);
    assert.deepEqual(boundSecretsFromVault(env), [{ name: 'NPM_TOKEN', hosts: ['registry.npmjs.org'], value: 'npm_value_0123456789' }]);
    assert.deepEqual(grantedEnvFromSecrets(env), {});
    assert.deepEqual(cliSecretFacts(env), { grantedSecrets: [], boundSecrets: [{ name: 'NPM_TOKEN', hosts: ['registry.npmjs.org'] }], refusedSecrets: [] });
    assert.equal(cliRedactor(env).redact(newPlaceholder('NPM_TOKEN')), '«NPM_TOKEN for registry.npmjs.org»');
  } finally {
    rmSync(env.CLAWDOCK_HOME!, { recursive: true, force: true });
  }
});

test('a vault secret no grant binds is the old form: refused with the new form shown, unless exposing is on', () => {
  const env = home({});
  try {
    writeSecret('sandboxSecret.NPM_TOKEN', 'npm_value_0123456789', env);
    assert.throws(() => grantedEnvFromSecrets(env), (err: Error & { hint?: string }) => /"name": "NPM_TOKEN", "hosts": \["registry\.npmjs\.org"\]/.test(`${err.message} ${err.hint}`));
    assert.throws(() => boundSecretsFromVault(env), /grantedSecrets/);
    assert.deepEqual(cliSecretFacts(env).refusedSecrets, ['NPM_TOKEN']);
    writeFileSync(join(env.CLAWDOCK_HOME!, 'settings.json'), JSON.stringify({ 'clawdock.sandbox.dangerouslyExposeSecretsToSandbox': true }));
    assert.deepEqual(grantedEnvFromSecrets(env), { NPM_TOKEN: 'npm_value_0123456789' });
    assert.deepEqual(cliSecretFacts(env).grantedSecrets, ['NPM_TOKEN']);
  } finally {
    rmSync(env.CLAWDOCK_HOME!, { recursive: true, force: true });
  }
});
