import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../../core/logger';
import { invalidSecretName, invalidSecretValue } from './secret-names';
import { SecretVault, type SecretStore } from './secret-vault';

function memoryStore(initial: Record<string, string> = {}): SecretStore & { values: Map<string, string> } {
  const values = new Map(Object.entries(initial));
  return { values, get: async (k) => values.get(k), store: async (k, v) => void values.set(k, v), delete: async (k) => void values.delete(k) };
}

function vaultOver(store: SecretStore, names: string[] = []) {
  const masked: string[] = [];
  const vault = new SecretVault({ store, mask: (v) => masked.push(v), grantedNames: () => names, logger: silentLogger });
  return { vault, masked };
}

describe('the secret vault', () => {
  it('masks every stored secret it knows of at start', async () => {
    const store = memoryStore({ 'clawdock.apiKey.anthropic': 'sk-ant-aaaaaaaa', 'clawdock.sandboxSecret.NPM_TOKEN': 'npm_bbbbbbbb', 'clawdock.sandboxSecret.OTHER': 'not-granted' });
    const { vault, masked } = vaultOver(store, ['NPM_TOKEN']);
    await vault.ready;
    assert.deepEqual(masked.sort(), ['npm_bbbbbbbb', 'sk-ant-aaaaaaaa']);
  });

  it('passes only listed, valid names with a stored value to the sandbox', async () => {
    const store = memoryStore({ 'clawdock.sandboxSecret.NPM_TOKEN': 'npm_bbbbbbbb', 'clawdock.sandboxSecret.PATH': '/evil/bin' });
    const { vault } = vaultOver(store, ['NPM_TOKEN', 'PATH', 'MISSING', 'bad name']);
    assert.deepEqual(await vault.grantedEnv(), { NPM_TOKEN: 'npm_bbbbbbbb' });
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
