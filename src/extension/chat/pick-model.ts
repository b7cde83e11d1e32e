// The panel's provider/model picker: quick picks in the host that write the
// user settings `clawdock.agent.provider`, `.model` and `.baseUrl` (user scope:
// where tasks and keys go is the person's choice, not a repository's).
import * as vscode from 'vscode';
import type { AgentProviderId, AgentSettings } from '../../agent/agent-settings';
import { AGENT_PROVIDERS, DEFAULT_AGENT_MODELS } from '../../agent/agent-settings';
import type { SecretVault } from '../secrets/secret-vault';
import { modelRefusal, providerAllowed, type ModelAllowlist } from '../../agent/model-allowlist';
import { ANTHROPIC_DEFAULT_BASE_URL, OPENAI_DEFAULT_BASE_URL } from '../../agent';

/** Asks for provider, model (and base URL) among those `clawdock.models.allowed` lets this folder use; returns true when the settings changed. */
export async function pickModel(current: AgentSettings, secrets: SecretVault, allowed: ModelAllowlist = []): Promise<boolean> {
  const offered = AGENT_PROVIDERS.filter((p) => providerAllowed(p.id, p.id !== 'vscode-lm', allowed));
  if (offered.length === 0) {
    void vscode.window.showWarningMessage('Clawdock: `clawdock.models.allowed` allows no provider here; change it in the settings to pick a model.');
    return false;
  }
  const provider = await vscode.window.showQuickPick(
    offered.map((p) => ({ label: p.label, description: p.id === current.provider ? 'current' : undefined, detail: p.detail, id: p.id })),
    { title: 'Clawdock: model provider for the chat agent', ignoreFocusOut: true },
  );
  if (!provider) return false;
  const id: AgentProviderId = provider.id;
  let baseUrl = id === current.provider ? current.baseUrl : '';
  if (id === 'openai') {
    const url = await vscode.window.showInputBox({
      title: 'OpenAI-compatible API root',
      prompt: 'Empty: OpenAI itself. A local server: e.g. http://localhost:11434/v1 (Ollama), http://localhost:1234/v1 (LM Studio). Your OpenAI key, if set, is sent there.',
      value: baseUrl,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' || /^https?:\/\/\S+$/.test(v.trim()) ? undefined : 'Enter an http:// or https:// URL, or leave it empty.'),
    });
    if (url === undefined) return false;
    baseUrl = url.trim();
  }
  const model = id === 'vscode-lm' ? await pickLanguageModel(current, allowed) : await vscode.window.showInputBox({
    title: `Model for ${provider.label}`,
    prompt: `The model name as the provider knows it. Empty: ${DEFAULT_AGENT_MODELS[id] || 'the server\'s first'}.`,
    value: id === current.provider ? current.model : '',
    ignoreFocusOut: true,
  });
  if (model === undefined) return false;
  const root = id === 'vscode-lm' ? undefined : baseUrl || (id === 'openai' ? OPENAI_DEFAULT_BASE_URL : ANTHROPIC_DEFAULT_BASE_URL);
  const refused = modelRefusal({ provider: id, model: model.trim() || DEFAULT_AGENT_MODELS[id], ...(root ? { baseUrl: root } : {}) }, allowed);
  if (refused && !(id === 'vscode-lm' && model === '')) {
    void vscode.window.showErrorMessage(`Clawdock: not saved — ${refused} (\`clawdock.models.allowed\`).`);
    return false;
  }
  const config = vscode.workspace.getConfiguration('clawdock');
  await config.update('agent.provider', id, vscode.ConfigurationTarget.Global);
  await config.update('agent.model', model.trim() || undefined, vscode.ConfigurationTarget.Global);
  await config.update('agent.baseUrl', baseUrl || undefined, vscode.ConfigurationTarget.Global);
  if ((id === 'anthropic' || (id === 'openai' && baseUrl === '')) && !(await secrets.apiKey(id))) {
    const set = 'Set API Key…';
    if (await vscode.window.showInformationMessage(`Clawdock: no ${provider.label} API key is set yet.`, set) === set) await vscode.commands.executeCommand('clawdock.setApiKey');
  }
  return true;
}

async function pickLanguageModel(current: AgentSettings, allowed: ModelAllowlist): Promise<string | undefined> {
  const all = await vscode.lm.selectChatModels();
  const narrowed = allowed.some((l) => l.entries.length > 0);
  const models = all.filter((m) => modelRefusal({ provider: 'vscode-lm', model: m.id }, allowed) === undefined);
  if (models.length === 0) {
    void vscode.window.showWarningMessage('Clawdock: VS Code offers no chat models here. Install or sign in to an extension that provides them (e.g. GitHub Copilot Chat), or pick another provider.');
    return undefined;
  }
  // "First available" could be any model: offered only while nothing is narrowed.
  const first = narrowed ? [] : [{ label: 'First available model', description: current.provider === 'vscode-lm' && current.model === '' ? 'current' : undefined, id: '' }];
  const picked = await vscode.window.showQuickPick(
    [...first, ...models.map((m) => ({ label: m.name, description: `${m.vendor} · ${m.family}${m.id === current.model ? ' · current' : ''}`, detail: `${m.id} · ${m.maxInputTokens} input tokens`, id: m.id }))],
    { title: 'Clawdock: VS Code chat model', ignoreFocusOut: true },
  );
  return picked?.id;
}
