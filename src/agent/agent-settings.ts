// The agent's settings (provider, model, budgets) as one typed table and one
// reader. Plain Node: the chat panel reads them through VS Code's configuration,
// tests through a plain object.
import type { ConfigSource } from '../core/config/config-source';
import { readEnum, readNumber, readString } from '../core/config/config-source';
import type { SettingSpec } from '../core/config/setting-spec';
import type { AgentBudget } from './budget';
import { DEFAULT_BUDGET } from './budget';

/** Where the agent's model comes from. */
export type AgentProviderId = 'anthropic' | 'openai' | 'vscode-lm';

/** The providers, in the order pickers show them. */
export const AGENT_PROVIDERS: readonly { readonly id: AgentProviderId; readonly label: string; readonly detail: string }[] = [
  { id: 'anthropic', label: 'Anthropic', detail: 'Messages API; key from “Clawdock: Set API Key…”' },
  { id: 'openai', label: 'OpenAI-compatible', detail: 'Chat Completions API: OpenAI, or a local server (Ollama, LM Studio, vLLM, llama.cpp) via its base URL' },
  { id: 'vscode-lm', label: 'VS Code language models', detail: 'Chat models your editor already has (vscode.lm); no key needed' },
];

/** The model used when `agent.model` is empty. */
export const DEFAULT_AGENT_MODELS: Readonly<Record<AgentProviderId, string>> = { anthropic: 'claude-sonnet-4-5', openai: 'gpt-4.1', 'vscode-lm': '' };

/** A read-only snapshot of the agent settings. */
export interface AgentSettings {
  readonly provider: AgentProviderId;
  /** Model id; for `vscode-lm` an id or family of `vscode.lm.selectChatModels` (empty: the first model offered). */
  readonly model: string;
  /** OpenAI-compatible API root (empty: OpenAI's); ignored by the other providers unless set for Anthropic. */
  readonly baseUrl: string;
  readonly budget: AgentBudget;
  /** The owner's extra instructions for the system prompt. */
  readonly instructions: string;
}

const IDS = AGENT_PROVIDERS.map((p) => p.id);

/** The agent's settings (keys relative to `clawdock.`), for package.json and the README. */
export const AGENT_SETTINGS: readonly SettingSpec[] = [
  {
    key: 'agent.provider', type: 'string', default: 'anthropic', enum: IDS, restart: false,
    // Where the task (and the API key) goes is the person's choice, not a cloned repository's.
    scope: 'machine', restricted: true,
    description: 'Model provider of the chat agent: `anthropic`, `openai` (any OpenAI-compatible server, see `agent.baseUrl`), or `vscode-lm` (the chat models VS Code offers, no key needed). User settings only.',
  },
  {
    key: 'agent.model', type: 'string', default: '', restart: false,
    description: 'Model name as the provider knows it. Empty: `claude-sonnet-4-5` (Anthropic), `gpt-4.1` (OpenAI), or the first model VS Code offers (`vscode-lm`, where this may be a model id or family).',
  },
  {
    key: 'agent.baseUrl', type: 'string', default: '', restart: false,
    // A workspace that could point the base URL at its own server would receive the API key.
    scope: 'machine', restricted: true,
    description: 'API root of the provider, e.g. `http://localhost:11434/v1` for Ollama. Empty: the provider\'s own. User settings only: the API key is sent there.',
  },
  {
    key: 'agent.maxTurns', type: 'number', default: DEFAULT_BUDGET.maxTurns, minimum: 1, maximum: 1000, restart: false,
    description: 'Model requests per task before the agent stops and says so.',
  },
  {
    key: 'agent.maxToolCalls', type: 'number', default: DEFAULT_BUDGET.maxToolCalls, minimum: 1, maximum: 10000, restart: false,
    description: 'Tool calls per task before the agent stops and says so.',
  },
  {
    key: 'agent.maxTokens', type: 'number', default: DEFAULT_BUDGET.maxTokens, minimum: 1000, maximum: 100_000_000, restart: false,
    description: 'Input plus output tokens per task before the agent stops and says so.',
  },
  {
    key: 'agent.maxCostUsd', type: 'number', default: DEFAULT_BUDGET.maxCostUsd, minimum: 0, maximum: 10000, restart: false,
    description: 'US dollars per task before the agent stops (only where the model\'s prices are known).',
  },
  {
    key: 'agent.instructions', type: 'string', default: '', restart: false,
    // Instructions are obeyed like the owner's own words: a repository must not be able to add them.
    scope: 'machine', restricted: true,
    description: 'Your extra instructions for the agent, added to its system prompt (coding style, test commands …). User settings only.',
  },
  {
    // Read per layer by model-allowlist.ts: a workspace's list narrows the user's, it never replaces it.
    key: 'models.allowed', type: 'array', items: 'object', default: [], restart: false,
    description: 'Models this workspace may send its code to: `[{ "provider": "openai", "model": "llama3*", "baseUrl": "http://127.0.0.1:*/**" }]`. Each field is a glob (`*` any characters — in `baseUrl` not past a `/`, where `**` crosses them); a missing field matches anything. Empty: every model. A workspace may only narrow the user\'s list (a model must be allowed by every layer that has one). Anything else is refused before a byte is sent, and audited; the chat\'s model picker offers only what is allowed. The CLI reads the workspace\'s `.vscode/settings.json` too.',
  },
];

/** Reads the agent settings, clamped to their ranges. */
export function readAgentSettings(source: ConfigSource): AgentSettings {
  const n = (key: string, fallback: number): number => {
    const spec = AGENT_SETTINGS.find((s) => s.key === key);
    return readNumber(source, key, fallback, spec?.minimum ?? 0, spec?.maximum ?? Number.MAX_SAFE_INTEGER);
  };
  return {
    provider: readEnum(source, 'agent.provider', IDS, 'anthropic'),
    model: readString(source, 'agent.model', ''),
    baseUrl: readString(source, 'agent.baseUrl', ''),
    budget: {
      maxTurns: Math.round(n('agent.maxTurns', DEFAULT_BUDGET.maxTurns)),
      maxToolCalls: Math.round(n('agent.maxToolCalls', DEFAULT_BUDGET.maxToolCalls)),
      maxTokens: Math.round(n('agent.maxTokens', DEFAULT_BUDGET.maxTokens)),
      maxCostUsd: n('agent.maxCostUsd', DEFAULT_BUDGET.maxCostUsd ?? 5),
    },
    instructions: readString(source, 'agent.instructions', ''),
  };
}

/** The model a provider will use: the setting, else the provider's default. */
export function effectiveModel(settings: Pick<AgentSettings, 'provider' | 'model'>): string {
  return settings.model || DEFAULT_AGENT_MODELS[settings.provider];
}

/** One line naming provider and model, for the panel's picker button. */
export function describeAgentModel(settings: Pick<AgentSettings, 'provider' | 'model' | 'baseUrl'>): string {
  const label = AGENT_PROVIDERS.find((p) => p.id === settings.provider)?.label ?? settings.provider;
  const model = effectiveModel(settings) || 'first available model';
  const where = settings.provider !== 'vscode-lm' && settings.baseUrl ? ` @ ${hostOf(settings.baseUrl)}` : '';
  return `${label} · ${model}${where}`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid base URL';
  }
}
