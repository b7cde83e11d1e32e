import * as vscode from 'vscode';
import { ownerCaller } from '../../../core/caller';
import { parseDomainPattern, WELL_KNOWN_NAMES } from '../../../egress';
import type { CommandFactory } from '../../commands/command';
import { writeGrant } from '../granted-secrets-setting';
import { invalidSecretName, invalidSecretValue } from '../secret-names';

const GRANT = 'Grant';

/** The hosts typed as `a.example, *.b.example`, each checked; the reason when one is not a domain. */
function readHosts(text: string): string[] | string {
  const entries = text.split(/[\s,]+/).filter((e) => e !== '');
  if (entries.length === 0) return 'Name at least one host, e.g. registry.npmjs.org.';
  const hosts: string[] = [];
  for (const entry of entries) {
    const p = parseDomainPattern(entry);
    if ('error' in p) return `${entry}: ${p.error}`;
    hosts.push(p.text);
  }
  return hosts;
}

/**
 * `Clawdock: Grant Secret to Sandbox…` — a name, the hosts it is for, and the
 * value (issue 16). After a modal confirmation the grant is audited, the value
 * goes to SecretStorage (and the redactor), and `{ name, hosts }` to the user's
 * `clawdock.sandbox.grantedSecrets`. Commands then see a placeholder; the
 * egress proxy puts the value into requests to those hosts only (the header
 * and scheme are each host's usual ones; edit the setting to change them).
 */
export const grantSandboxSecret: CommandFactory = {
  enabled: (ctx) => async () => {
    const name = await vscode.window.showInputBox({
      title: 'Clawdock: grant a secret to the sandbox (1/3)',
      prompt: 'The environment variable name commands in the sandbox will see its placeholder in.',
      placeHolder: 'e.g. NPM_TOKEN',
      ignoreFocusOut: true,
      validateInput: (v) => invalidSecretName(v.trim()),
    });
    if (name === undefined) return;
    const variable = name.trim();
    const hostsText = await vscode.window.showInputBox({
      title: `Clawdock: grant a secret to the sandbox (2/3): ${variable}`,
      prompt: 'The hosts whose requests get the real value (comma-separated; *.example.com for its subdomains). Nothing else ever sees it.',
      value: (WELL_KNOWN_NAMES[variable.toUpperCase()] ?? []).join(', '),
      ignoreFocusOut: true,
      validateInput: (v) => {
        const hosts = readHosts(v);
        return typeof hosts === 'string' ? hosts : undefined;
      },
    });
    if (hostsText === undefined) return;
    const hosts = readHosts(hostsText) as string[];
    const value = await vscode.window.showInputBox({
      title: `Clawdock: grant a secret to the sandbox (3/3): ${variable}`,
      prompt: 'The value. Kept in SecretStorage; the sandbox never sees it.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => invalidSecretValue(v),
    });
    if (value === undefined) return;
    const choice = await vscode.window.showWarningMessage(
      `Grant ${variable} to the sandbox for ${hosts.join(', ')}?`,
      {
        modal: true,
        detail: `Commands in the sandbox see only a placeholder in ${variable}. With the allowlist network (clawdock.sandbox.network: "allowlist"), Clawdock's egress proxy puts the real value into HTTPS requests to ${hosts.join(', ')} — and nowhere else: the placeholder sent to any other host is refused and recorded as an attempted leak. A command can still use the secret with those hosts (publish, push, call their API). Revoke it with "Clawdock: Revoke Secret from Sandbox…".`,
      },
      GRANT,
    );
    if (choice !== GRANT) return;
    await ctx.runAction('Grant Secret to Sandbox', async () => {
      await ctx.audit.recordEverywhere({ type: 'secret-granted', caller: ownerCaller('editor'), name: variable, action: 'granted', target: 'sandbox-hosts' });
      await ctx.secrets.storeSandboxSecret(variable, value);
      await writeGrant({ name: variable, hosts });
      void vscode.window.showInformationMessage(`Clawdock: ${variable} is granted to the sandbox for ${hosts.join(', ')} from its next command on.`);
    });
  },
};
