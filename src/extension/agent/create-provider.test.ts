import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelProvider } from '../../agent';
import { ConfigError } from '../../core/errors';
import { configFromObject } from '../../core/config/config-source';
import { readAgentSettings } from '../../agent/agent-settings';
import { createProvider } from './create-provider';

const deps = {
  apiKey: async () => 'k',
  vscodeLm: async (model: string): Promise<ModelProvider> => ({ info: { id: 'vscode-lm', label: 'lm', model }, stream: async function* () {} }),
};

describe('createProvider', () => {
  it('builds the provider the settings name, with its default model', async () => {
    const p = await createProvider(readAgentSettings(configFromObject({})), deps);
    assert.deepEqual([p.info.id, p.info.model], ['anthropic', 'claude-sonnet-4-5']);
  });

  it('points an OpenAI-compatible provider at a local server', async () => {
    const p = await createProvider(readAgentSettings(configFromObject({ 'agent.provider': 'openai', 'agent.baseUrl': 'http://127.0.0.1:11434/v1', 'agent.model': 'qwen' })), deps);
    assert.equal(p.info.id, 'openai');
    assert.match(p.info.label, /127\.0\.0\.1:11434/);
  });

  it('hands vscode-lm the model setting as is', async () => {
    const p = await createProvider(readAgentSettings(configFromObject({ 'agent.provider': 'vscode-lm', 'agent.model': 'gpt-4o' })), deps);
    assert.deepEqual([p.info.id, p.info.model], ['vscode-lm', 'gpt-4o']);
  });

  it('names the setting when the base URL is not http(s)', async () => {
    await assert.rejects(createProvider(readAgentSettings(configFromObject({ 'agent.provider': 'openai', 'agent.baseUrl': 'file:///etc' })), deps),
      (e: unknown) => e instanceof ConfigError && e.setting === 'clawdock.agent.baseUrl');
  });
});

describe('readAgentSettings', () => {
  it('clamps budgets and ignores unknown providers', () => {
    const s = readAgentSettings(configFromObject({ 'agent.provider': 'evil', 'agent.maxTurns': 0, 'agent.maxTokens': 1e12 }));
    assert.equal(s.provider, 'anthropic');
    assert.equal(s.budget.maxTurns, 1);
    assert.equal(s.budget.maxTokens, 100_000_000);
  });
});
