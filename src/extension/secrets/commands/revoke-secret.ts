import * as vscode from 'vscode';
import { ownerCaller } from '../../../core/caller';
import type { Cmd, CommandFactory } from '../../commands/command';
import type { Ctx } from '../../ctx';
import { readGrantedSecretNames, readGrants, removeGrant } from '../granted-secrets-setting';

function revoke(ctx: Ctx): Cmd {
  return async (arg?: unknown) => {
    const names = readGrantedSecretNames();
    if (names.length === 0) {
      void vscode.window.showInformationMessage('Clawdock: no secret is granted to the sandbox.');
      return;
    }
    const name = typeof arg === 'string' && names.includes(arg) ? arg : await vscode.window.showQuickPick(names, { title: 'Clawdock: revoke a secret from the sandbox', placeHolder: 'Secret' });
    if (!name) return;
    const bound = readGrants().bound.some((b) => b.name === name);
    await ctx.runAction('Revoke Secret from Sandbox', async () => {
      await ctx.audit.recordEverywhere({ type: 'secret-granted', caller: ownerCaller('editor'), name, action: 'revoked', target: bound ? 'sandbox-hosts' : 'sandbox-env' });
      // The setting first: from here no command gets it, even if the delete below fails.
      await removeGrant(name);
      await ctx.secrets.deleteSandboxSecret(name);
      void vscode.window.showInformationMessage(`Clawdock: ${name} is revoked; sandbox commands no longer get it. (It stays masked in output until the window reloads.)`);
    });
  };
}

/** `Clawdock: Revoke Secret from Sandbox…` — only tightens, so it also runs in an untrusted workspace. */
export const revokeSandboxSecret: CommandFactory = { enabled: revoke, disabled: revoke };
