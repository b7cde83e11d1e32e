import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from './main';

async function cli(args: string[], env: NodeJS.ProcessEnv, stdin = '') {
  let stdout = '';
  let stderr = '';
  const input = new PassThrough();
  input.end(stdin);
  const code = await runCli(args, { stdout: (t) => void (stdout += String(t)), stderr: (t) => void (stderr += String(t)), stdin: input, env, cwd: '/' });
  return { code, stdout, stderr };
}

test('secrets set reads the value from stdin, list shows names masked, remove deletes; the value is never printed', async () => {
  const home = mkdtempSync(join(tmpdir(), 'clawdock-secrets-cli-'));
  const env = { CLAWDOCK_HOME: home, CLAWDOCK_SECRETS_PASSPHRASE: 'p', CLAWDOCK_SECRETS_KEYCHAIN: 'off' };
  const set = await cli(['secrets', 'set', 'telegram.bot'], env, '123:secret-token-value\n');
  assert.equal(set.code, 0, set.stderr);
  assert.ok(!(set.stdout + set.stderr).includes('secret-token-value'));
  assert.ok(!readFileSync(join(home, 'secrets.vault'), 'utf8').includes('secret-token-value'));
  const list = await cli(['secrets', 'list'], env);
  assert.equal(list.stdout, 'telegram.bot  ********\n');
  assert.deepEqual(JSON.parse((await cli(['secrets', 'list', '--json'], env)).stdout), ['telegram.bot']);
  assert.equal((await cli(['secrets', 'remove', 'telegram.bot'], env)).code, 0);
  assert.equal((await cli(['secrets', 'remove', 'telegram.bot'], env)).code, 1);
});

test('secrets set refuses a value given as an argument, and an empty stdin', async () => {
  const env = { CLAWDOCK_HOME: mkdtempSync(join(tmpdir(), 'clawdock-secrets-cli-')), CLAWDOCK_SECRETS_PASSPHRASE: 'p', CLAWDOCK_SECRETS_KEYCHAIN: 'off' };
  const arg = await cli(['secrets', 'set', 'telegram.bot', '123:abc'], env);
  assert.equal(arg.code, 2);
  assert.match(arg.stderr, /never from an argument/);
  assert.equal((await cli(['secrets', 'set', 'telegram.bot'], env, '')).code, 2);
});

test('a wrong passphrase is refused by every secrets command, naming the variable', async () => {
  const home = mkdtempSync(join(tmpdir(), 'clawdock-secrets-cli-'));
  await cli(['secrets', 'set', 'a'], { CLAWDOCK_HOME: home, CLAWDOCK_SECRETS_PASSPHRASE: 'right', CLAWDOCK_SECRETS_KEYCHAIN: 'off' }, 'v');
  const wrong = await cli(['secrets', 'list'], { CLAWDOCK_HOME: home, CLAWDOCK_SECRETS_PASSPHRASE: 'wrong', CLAWDOCK_SECRETS_KEYCHAIN: 'off' });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /passphrase is wrong.*CLAWDOCK_SECRETS_PASSPHRASE/);
});
