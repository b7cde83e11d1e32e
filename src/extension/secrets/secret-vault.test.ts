import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../../core/logger';
import { readGrantedSecrets } from '../../egress';
import { invalidSecretName, invalidSecretValue } from './secret-names';
import { SecretVault, type SecretStore } from './secret-vault';

function memoryStore(initial: Record<string, string> = {}): SecretStore & { values: Map<string, string> } {
  const values = new Map(Object.entries(initial));
  return { values, get: async (k) => values.get(k), store: async (k, v) => void values.set(k, v), delete: async (k) => void values.delete(k) };
}

/** A vault whose setting grants `entries` (bare names are the old form; objects bind to hosts). */
function vaultOver(store: SecretStore, entries: unknown[] = [], exposeAllowed = true) {
  const masked: string[] = [];
  const vault = new SecretVault({ store, mask: (v) => masked.push(v), grants: () => readGrantedSecrets(entries), exposeAllowed: () => exposeAllowed, logger: silentLogger });
  return { vault, masked };
}

describe('the secret vault', () => {
  it('masks every stored secret it knows of at start', async () => {
    const store = memoryStore({ 'clawdock.apiKey.anthropic': 'sk-ant-aaaaaaaa', 'clawdock.sandboxSecret.NPM_TOKEN': 'npm_bbbbbbbb', 'clawdock.sandboxSecret.OTHER': 'not-granted' });
    const { vault, masked } = vaultOver(store, ['NPM_TOKEN']);
    await vault.ready;
    assert.deepEqual(masked.sort(), ['npm_bbbbbbbb', 'sk-ant-aaaaaaaa']);
  });

  it('passes only listed names with a stored value, and refuses a name the sandbox sets itself', async () => {
    const store = memoryStore({ 'clawdock.sandboxSecret.NPM_TOKEN': 'npm_bbbbbbbb', 'clawdock.sandboxSecret.PATH': '/evil/bin' });
    assert.deepEqual(await vaultOver(store, ['NPM_TOKEN', 'MISSING']).vault.grantedEnv(), { NPM_TOKEN: 'npm_bbbbbbbb' });
    await assert.rejects(vaultOver(store, ['NPM_TOKEN', 'PATH']).vault.grantedEnv(), /pick another name/);
  });

  it('refuses the old form (a bare name) without dangerouslyExposeSecretsToSandbox, showing the new form', async () => {
    const store = memoryStore({ 'clawdock.sandboxSecret.NPM_TOKEN': 'npm_bbbbbbbb' });
    await assert.rejects(vaultOver(store, ['NPM_TOKEN'], false).vault.grantedEnv(), (err: Error & { hint?: string }) => /"hosts": \["registry\.npmjs\.org"\]/.test(`${err.message} ${err.hint}`));
  });

  it('hands a secret bound to hosts to the egress proxy with its value, and never as a plain variable', async () => {
    const store = memoryStore({ 'clawdock.sandboxSecret.NPM_TOKEN': 'npm_bbbbbbbb' });
    const { vault, masked } = vaultOver(store, [{ name: 'NPM_TOKEN', hosts: ['registry.npmjs.org'] }, { name: 'NO_VALUE', hosts: ['x.test'] }], false);
    assert.deepEqual(await vault.boundSecrets(), [{ name: 'NPM_TOKEN', hosts: ['registry.npmjs.org'], value: 'npm_bbbbbbbb' }]);
    assert.deepEqual(await vault.grantedEnv(), {});
    await vault.ready;
    assert.ok(masked.includes('npm_bbbbbbbb'), 'its value is masked all the same');
  });

  it('masks a value before storing it, and forgets a removed one', async () => {
    const store = memoryStore();
    const names: string[] = ['GH_TOKEN'];
    const { vault, masked } = vaultOver(store, names);
    await vault.storeSandboxSecret('GH_TOKEN', '  ghp_cccccccccccc ');
    assert.deepEqual(masked, ['ghp_cccccccccccc']);
    assert.deepEqual(await vault.grantedEnv(), { GH_TOKEN: 'ghp_cccccccccccc' });
    await vault.deleteSandboxSecret('GH_TOKEN');
    assert.deepEqual(await vault.grantedEnv(), {});
    assert.equal(store.values.size, 0);
  });

  it('reads a key again after another window changed it', async () => {
    const store = memoryStore({ 'clawdock.apiKey.openai': 'sk-old-dddddddd' });
    const { vault, masked } = vaultOver(store);
    assert.equal(await vault.apiKey('openai'), 'sk-old-dddddddd');
    store.values.set('clawdock.apiKey.openai', 'sk-new-eeeeeeee');
    vault.changed('clawdock.apiKey.openai');
    assert.equal(await vault.apiKey('openai'), 'sk-new-eeeeeeee');
    assert.ok(masked.includes('sk-new-eeeeeeee'));
  });

  it('refuses names the sandbox sets itself and values too short to mask', () => {
    assert.equal(invalidSecretName('NPM_TOKEN'), undefined);
    assert.match(invalidSecretName('LD_PRELOAD') ?? '', /pick another name/);
    assert.match(invalidSecretName('CLAWDOCK_RUN') ?? '', /pick another name/);
    assert.match(invalidSecretName('1X') ?? '', /variable name/);
    assert.match(invalidSecretValue('short') ?? '', /could not be masked/);
    assert.equal(invalidSecretValue('long-enough-value'), undefined);
  });
});
