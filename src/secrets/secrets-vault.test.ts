import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretsVault } from './secrets-vault';
import type { Keychain } from './vault-key-source';

const noKeychain: Keychain = { read: () => undefined, write: () => false };
const home = () => mkdtempSync(join(tmpdir(), 'clawdock-vault-'));
const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

function fakeKeychain(): Keychain & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return { entries, read: (a) => entries.get(a), write: (a, p) => (entries.set(a, p), true) };
}

test('a secret set with a passphrase reads back, and the file on disk is mode 0600 and holds no plaintext', () => {
  const h = home();
  const vault = new SecretsVault({ home: h, env: { CLAWDOCK_SECRETS_PASSPHRASE: 'correct horse battery staple' }, keychain: noKeychain });
  vault.set('telegram.bot', TOKEN);
  vault.set('apiKey.anthropic', 'sk-ant-api03-abcdef');
  const again = new SecretsVault({ home: h, env: { CLAWDOCK_SECRETS_PASSPHRASE: 'correct horse battery staple' }, keychain: noKeychain });
  assert.equal(again.get('telegram.bot'), TOKEN);
  assert.deepEqual(again.names(), ['apiKey.anthropic', 'telegram.bot']);
  const text = readFileSync(vault.file, 'utf8');
  assert.equal(statSync(vault.file).mode & 0o777, 0o600);
  assert.ok(!text.includes(TOKEN) && !text.includes('sk-ant') && !text.includes('telegram.bot'), 'neither values nor names are readable in the file');
  assert.ok(!text.includes(Buffer.from(TOKEN).toString('base64')));
});

test('a wrong passphrase is refused and names the variable to check', () => {
  const h = home();
  new SecretsVault({ home: h, env: { CLAWDOCK_SECRETS_PASSPHRASE: 'right' }, keychain: noKeychain }).set('telegram.bot', TOKEN);
  const wrong = new SecretsVault({ home: h, env: { CLAWDOCK_SECRETS_PASSPHRASE: 'wrong' }, keychain: noKeychain });
  assert.throws(() => wrong.get('telegram.bot'), /passphrase is wrong or the file was altered.*CLAWDOCK_SECRETS_PASSPHRASE/);
  assert.throws(() => wrong.set('other', 'x'), /passphrase is wrong/, 'a write with the wrong key must not replace the vault');
  assert.equal(new SecretsVault({ home: h, env: { CLAWDOCK_SECRETS_PASSPHRASE: 'right' }, keychain: noKeychain }).get('telegram.bot'), TOKEN);
});

test('without a passphrase or a keychain the vault stays locked and says how to unlock it', () => {
  const h = home();
  new SecretsVault({ home: h, env: { CLAWDOCK_SECRETS_PASSPHRASE: 'right' }, keychain: noKeychain }).set('telegram.bot', TOKEN);
  const locked = new SecretsVault({ home: h, env: {}, keychain: noKeychain });
  assert.throws(() => locked.readAll(), /locked.*CLAWDOCK_SECRETS_PASSPHRASE/);
});

test('a vault whose ciphertext or parameters were altered is refused, not half-read', () => {
  const h = home();
  const env = { CLAWDOCK_SECRETS_PASSPHRASE: 'p' };
  const vault = new SecretsVault({ home: h, env, keychain: noKeychain });
  vault.set('a', 'b');
  const sealed = JSON.parse(readFileSync(vault.file, 'utf8'));
  const flipped = Buffer.from(sealed.data, 'base64');
  flipped[0] = (flipped[0] ?? 0) ^ 1;
  writeFileSync(vault.file, JSON.stringify({ ...sealed, data: flipped.toString('base64') }), { mode: 0o600 });
  assert.throws(() => vault.readAll(), /passphrase is wrong or the file was altered/);
  writeFileSync(vault.file, JSON.stringify({ ...sealed, kdf: { ...sealed.kdf, N: 1024 } }), { mode: 0o600 });
  assert.throws(() => vault.readAll(), /not a Clawdock secrets vault: kdf.N/);
});

test('with no passphrase set, a new vault gets a random passphrase kept in the OS keychain', () => {
  const h = home();
  const keychain = fakeKeychain();
  new SecretsVault({ home: h, env: {}, keychain }).set('telegram.bot', TOKEN);
  assert.equal(keychain.entries.size, 1);
  const [passphrase] = [...keychain.entries.values()];
  assert.ok((passphrase ?? '').length >= 40);
  assert.equal(new SecretsVault({ home: h, env: {}, keychain }).get('telegram.bot'), TOKEN);
  assert.equal(new SecretsVault({ home: h, env: { CLAWDOCK_SECRETS_PASSPHRASE: passphrase }, keychain: noKeychain }).get('telegram.bot'), TOKEN);
});

test('the plain secrets.json is moved into the vault once and removed', () => {
  const h = home();
  writeFileSync(join(h, 'secrets.json'), JSON.stringify({ 'apiKey.openai': 'sk-plain', 'sandboxSecret.NPM_TOKEN': 'npm_x' }), { mode: 0o600 });
  const migrated: string[][] = [];
  const vault = new SecretsVault({ home: h, env: { CLAWDOCK_SECRETS_PASSPHRASE: 'p' }, keychain: noKeychain, onMigrated: (names) => migrated.push([...names]) });
  assert.deepEqual(vault.readAll(), { 'apiKey.openai': 'sk-plain', 'sandboxSecret.NPM_TOKEN': 'npm_x' });
  assert.equal(existsSync(join(h, 'secrets.json')), false);
  assert.ok(!readFileSync(vault.file, 'utf8').includes('sk-plain'));
  assert.equal(vault.get('apiKey.openai'), 'sk-plain');
  assert.deepEqual(migrated, [['apiKey.openai', 'sandboxSecret.NPM_TOKEN']], 'migrated exactly once');
});

test('a plain secrets.json with no key to move it under is refused rather than read', () => {
  const h = home();
  writeFileSync(join(h, 'secrets.json'), JSON.stringify({ 'apiKey.openai': 'sk-plain' }), { mode: 0o600 });
  assert.throws(() => new SecretsVault({ home: h, env: {}, keychain: noKeychain }).readAll(), /locked: a new vault needs a passphrase/);
  assert.equal(existsSync(join(h, 'secrets.json')), true, 'left as it was');
});

test('remove deletes one secret and reports whether it existed; names are checked', () => {
  const h = home();
  const vault = new SecretsVault({ home: h, env: { CLAWDOCK_SECRETS_PASSPHRASE: 'p' }, keychain: noKeychain });
  assert.equal(vault.remove('none'), false);
  vault.set('a', '1');
  vault.set('b', '2');
  assert.equal(vault.remove('a'), true);
  assert.deepEqual(vault.names(), ['b']);
  assert.throws(() => vault.set('../x', '1'), /secret name/);
  assert.throws(() => vault.set('x', ''), /empty/);
});
