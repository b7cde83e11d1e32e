import * as vscode from 'vscode';
import { ownerCaller } from '../../../core/caller';
import type { CommandFactory } from '../../commands/command';
import { readGrantedSecretNames, writeGrantedSecretNames } from '../granted-secrets-setting';
import { invalidSecretName, invalidSecretValue } from '../secret-names';

const GRANT = 'Grant';

/**
 * `Clawdock: Grant Secret to Sandbox…` — a name and a value: after a modal
 * confirmation that the agent's commands will be able to read it, the grant is
 * audited, the value goes to SecretStorage (and the redactor), and the name to
 * the user's `clawdock.sandbox.grantedSecrets`. Every sandbox command gets it as
 * an environment variable from the next command on.
 */
export const grantSandboxSecret: CommandFactory = {
  enabled: (ctx) => async () => {
    const name = await vscode.window.showInputBox({
      title: 'Clawdock: grant a secret to the sandbox (1/2)',
      prompt: 'The environment variable name commands in the sandbox will see it as.',
      placeHolder: 'e.g. NPM_TOKEN',
      ignoreFocusOut: true,
      validateInput: (v) => invalidSecretName(v.trim()),
    });
    if (name === undefined) return;
    const variable = name.trim();
    const value = await vscode.window.showInputBox({
      title: `Clawdock: grant a secret to the sandbox (2/2): ${variable}`,
      prompt: 'The value. Kept in SecretStorage, masked in all output.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => invalidSecretValue(v),
    });
    if (value === undefined) return;
    const choice = await vscode.window.showWarningMessage(
      `Grant ${variable} to the sandbox?`,
      {
        modal: true,
        detail: `Every command in the sandbox — including every command the agent runs — will be able to read ${variable}. Its value is masked in the output Clawdock shows and records, but a command can still use it or, with network access, send it elsewhere. Revoke it with "Clawdock: Revoke Secret from Sandbox…".`,
      },
      GRANT,
    );
    if (choice !== GRANT) return;
    await ctx.runAction('Grant Secret to Sandbox', async () => {
      await ctx.audit.recordEverywhere({ type: 'secret-granted', caller: ownerCaller('editor'), name: variable, action: 'granted', target: 'sandbox-env' });
      await ctx.secrets.storeSandboxSecret(variable, value);
      await writeGrantedSecretNames([...readGrantedSecretNames(), variable]);
      void vscode.window.showInformationMessage(`Clawdock: ${variable} is granted to the sandbox from its next command on.`);
    });
  },
};
