// The model provider the settings name. Keys are read from SecretStorage when
// each call starts, so a key stored with "Clawdock: Set API Key…" applies at
// once and a missing one is the provider's clear ProviderAuthError. Plain Node:
// `vscode.lm` is passed in.
import type { ModelProvider } from '../../agent';
import { AnthropicProvider, OpenAiProvider } from '../../agent';
import { ConfigError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { AgentSettings } from '../../agent/agent-settings';
import { effectiveModel } from '../../agent/agent-settings';

/** What building a provider needs from the host. */
export interface ProviderDeps {
  apiKey(provider: 'anthropic' | 'openai'): Promise<string | undefined>;
  /** A `vscode.lm` provider for the model setting (an id, a family, or empty for the first). */
  vscodeLm(model: string): Promise<ModelProvider>;
  readonly logger?: Logger;
}

/** Builds the provider; throws a ConfigError naming the setting for an unusable base URL. */
export async function createProvider(settings: AgentSettings, deps: ProviderDeps): Promise<ModelProvider> {
  const model = effectiveModel(settings);
  const common = { model, ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}), ...(deps.logger ? { logger: deps.logger } : {}) };
  try {
    switch (settings.provider) {
      case 'anthropic':
        return new AnthropicProvider({ ...common, apiKey: () => deps.apiKey('anthropic') });
      case 'openai':
        return new OpenAiProvider({ ...common, apiKey: () => deps.apiKey('openai') });
      case 'vscode-lm':
        return await deps.vscodeLm(settings.model);
    }
  } catch (error) {
    // The providers name their option `baseUrl`; the person knows it as the setting (and Show Error opens it).
    if (error instanceof ConfigError && error.setting === 'baseUrl') {
      const detail = error.message.replace(/^`baseUrl`: /, '').replace(/ — .*$/s, '');
      throw new ConfigError('clawdock.agent.baseUrl', detail, error.hint);
    }
    throw error;
  }
}
