import * as vscode from 'vscode';
import { ownerCaller } from '../../../core/caller';
import type { Cmd, CommandFactory } from '../../commands/command';
import type { Ctx } from '../../ctx';
import { MODEL_PROVIDERS, type ModelProvider } from '../secret-names';
import { pickProvider } from './set-api-key';

function clearApiKeyCmd(ctx: Ctx): Cmd {
  return async () => {
    const set: ModelProvider[] = [];
    for (const p of MODEL_PROVIDERS) if (await ctx.secrets.apiKey(p.id)) set.push(p.id);
    const provider = await pickProvider('Clawdock: Clear API Key', set);
    if (!provider) return;
    await ctx.runAction('Clear API Key', async () => {
      await ctx.audit.recordEverywhere({ type: 'secret-granted', caller: ownerCaller('editor'), name: `apiKey.${provider}`, action: 'revoked', target: 'model-provider' });
      await ctx.secrets.clearApiKey(provider);
      void vscode.window.showInformationMessage('Clawdock: the API key is removed. (It stays masked in output until the window reloads.)');
    });
  };
}

/** `Clawdock: Clear API Key` — removes a provider's key from SecretStorage, audited. */
export const clearApiKey: CommandFactory = { enabled: clearApiKeyCmd, disabled: clearApiKeyCmd };
