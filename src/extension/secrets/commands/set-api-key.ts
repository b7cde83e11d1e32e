import * as vscode from 'vscode';
import { ownerCaller } from '../../../core/caller';
import type { Cmd, CommandFactory } from '../../commands/command';
import type { Ctx } from '../../ctx';
import { invalidSecretValue, MODEL_PROVIDERS, type ModelProvider } from '../secret-names';

/** Asks which provider; undefined when dismissed. */
export async function pickProvider(title: string, only?: readonly ModelProvider[]): Promise<ModelProvider | undefined> {
  const items = MODEL_PROVIDERS.filter((p) => !only || only.includes(p.id)).map((p) => ({ label: p.label, id: p.id }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Clawdock: no API key is set.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'Model provider' }))?.id;
}

function setApiKeyCmd(ctx: Ctx): Cmd {
  return async () => {
    const provider = await pickProvider('Clawdock: Set API Key');
    if (!provider) return;
    const label = MODEL_PROVIDERS.find((p) => p.id === provider)?.label ?? provider;
    const value = await vscode.window.showInputBox({
      title: `Clawdock: ${label} API key`,
      prompt: 'Kept in VS Code\'s SecretStorage (the OS keychain), never in settings, never in the sandbox; masked wherever it would appear.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => invalidSecretValue(v),
    });
    if (value === undefined) return;
    await ctx.runAction('Set API Key', async () => {
      // Recorded first: a key the audit does not know of is not stored.
      await ctx.audit.recordEverywhere({ type: 'secret-granted', caller: ownerCaller('editor'), name: `apiKey.${provider}`, action: 'granted', target: 'model-provider' });
      await ctx.secrets.setApiKey(provider, value);
      void vscode.window.showInformationMessage(`Clawdock: the ${label} API key is stored.`);
    });
  };
}

/**
 * `Clawdock: Set API Key…` — a model provider's key into SecretStorage, taught to
 * the redactor, audited. Nothing in the workspace is involved, so it also runs in an untrusted one.
 */
export const setApiKey: CommandFactory = { enabled: setApiKeyCmd, disabled: setApiKeyCmd };
