import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../core/errors';
import { checkModelAllowed, modelRefusal, normalizeBaseUrl, providerAllowed, readModelAllowLayer, type ModelAllowlist } from './model-allowlist';
import { ModelNotAllowedError } from './model-not-allowed-error';
import type { AuditEvent } from '../audit';

const layer = (entries: unknown, where = 'workspace settings'): ModelAllowlist => [readModelAllowLayer(entries, where) ?? { where, entries: [] }];
const loopback = layer([{ baseUrl: 'http://127.0.0.1:*/**' }, { baseUrl: 'http://localhost:*/**' }]);

describe('clawdock.models.allowed', () => {
  it('allows every model when no layer has a list, or every list is empty', () => {
    assert.equal(modelRefusal({ provider: 'anthropic', model: 'claude-sonnet-4-5', baseUrl: 'https://api.anthropic.com' }, []), undefined);
    assert.equal(modelRefusal({ provider: 'openai', model: 'gpt-4.1' }, layer([])), undefined);
  });

  it('lets a workspace narrowed to loopback use a local server and nothing else', () => {
    assert.equal(modelRefusal({ provider: 'openai', model: 'llama3', baseUrl: 'http://127.0.0.1:11434/v1' }, loopback), undefined);
    assert.equal(modelRefusal({ provider: 'openai', model: 'llama3', baseUrl: 'http://localhost:1234' }, loopback), undefined);
    const refused = modelRefusal({ provider: 'anthropic', model: 'claude-sonnet-4-5', baseUrl: 'https://api.anthropic.com' }, loopback);
    assert.match(refused ?? '', /anthropic model "claude-sonnet-4-5" at https:\/\/api\.anthropic\.com is not in the models workspace settings allow/);
  });

  it('does not let a look-alike URL pass for loopback (user info, a longer host, a path trick)', () => {
    for (const baseUrl of ['http://127.0.0.1:80@evil.example/v1', 'http://localhost.evil.example:80/v1', 'http://evil.example/http://127.0.0.1:1/', 'https://127.0.0.1.nip.io:443/v1']) {
      assert.ok(modelRefusal({ provider: 'openai', model: 'm', baseUrl }, loopback), baseUrl);
    }
    assert.equal(normalizeBaseUrl('http://u:p@LOCALHOST:8080/v1/?q=1#x'), 'http://localhost:8080/v1');
    assert.equal(normalizeBaseUrl('file:///etc/passwd'), undefined);
  });

  it('never matches a provider without a base URL (VS Code\'s models) against an entry that names one', () => {
    assert.ok(modelRefusal({ provider: 'vscode-lm', model: 'gpt-4o' }, loopback));
    assert.equal(providerAllowed('vscode-lm', false, loopback), false);
    assert.equal(providerAllowed('openai', true, loopback), true);
  });

  it('matches provider and model globs, a missing field matching anything', () => {
    const list = layer([{ provider: 'anthropic', model: 'claude-*' }, { model: 'meta-llama/*' }]);
    assert.equal(modelRefusal({ provider: 'anthropic', model: 'claude-haiku-4-5', baseUrl: 'https://api.anthropic.com' }, list), undefined);
    assert.equal(modelRefusal({ provider: 'openai', model: 'meta-llama/Llama-3.1-8B', baseUrl: 'http://10.0.0.2:8000/v1' }, list), undefined);
    assert.ok(modelRefusal({ provider: 'openai', model: 'gpt-4.1', baseUrl: 'https://api.openai.com/v1' }, list));
  });

  it('needs every layer with a list to allow a model, so a workspace can only narrow the user\'s', () => {
    const user = readModelAllowLayer([{ provider: 'openai' }], 'user settings');
    const workspace = readModelAllowLayer([{ provider: 'anthropic' }, { provider: 'openai', baseUrl: 'http://127.0.0.1:*/**' }], 'workspace settings');
    const both = [user, workspace].filter((l) => l !== undefined);
    assert.match(modelRefusal({ provider: 'anthropic', model: 'claude-sonnet-4-5', baseUrl: 'https://api.anthropic.com' }, both) ?? '', /user settings/);
    assert.match(modelRefusal({ provider: 'openai', model: 'gpt-4.1', baseUrl: 'https://api.openai.com/v1' }, both) ?? '', /workspace settings/);
    assert.equal(modelRefusal({ provider: 'openai', model: 'llama3', baseUrl: 'http://127.0.0.1:11434/v1' }, both), undefined);
  });

  it('refuses a malformed list with an error naming the setting, rather than ignoring a narrowing', () => {
    for (const raw of ['openai', [{ provider: 'openai', host: 'x' }], [{ model: '' }], [{ model: 3 }], ['openai']]) {
      assert.throws(() => readModelAllowLayer(raw, 'workspace settings'), (e: unknown) => e instanceof ConfigError && /clawdock\.models\.allowed/.test(e.message), JSON.stringify(raw));
    }
    assert.equal(readModelAllowLayer(undefined, 'x'), undefined);
  });

  it('audits a refusal before throwing, naming the setting and the base URL without credentials', async () => {
    const lines: AuditEvent[] = [];
    await assert.rejects(
      checkModelAllowed({ id: 'openai', label: 'x', model: 'gpt-4.1', baseUrl: 'https://user:secret@api.openai.com/v1' }, loopback, { append: async (e) => (lines.push(e), undefined as never) }),
      (e: unknown) => e instanceof ModelNotAllowedError && /`clawdock\.models\.allowed`/.test((e as Error).message),
    );
    assert.equal(lines.length, 1);
    assert.deepEqual({ ...lines[0], reason: undefined }, { type: 'model-refused', provider: 'openai', model: 'gpt-4.1', baseUrl: 'https://api.openai.com/v1', setting: 'models.allowed', reason: undefined });
  });
});
