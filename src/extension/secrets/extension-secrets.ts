import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { SharedRedactor } from '../audit/shared-redactor';
import { readExposeAllowed, readGrants, secretHostsLookup } from './granted-secrets-setting';
import { GRANTED_SECRETS_KEY } from './secret-names';
import { SecretVault } from './secret-vault';

/**
 * The vault over VS Code's SecretStorage: every value it reads or stores is
 * taught to the shared redactor; a key changed in another window is read again,
 * and names newly listed in the setting are read (and masked) at once. The
 * redactor also learns each bound secret's hosts, so a placeholder is shown
 * as `«NPM_TOKEN for registry.npmjs.org»` wherever it appears.
 */
export function createSecretVault(context: vscode.ExtensionContext, redaction: SharedRedactor, logger: Logger): { vault: SecretVault; watch: vscode.Disposable } {
  const vault = new SecretVault({ store: context.secrets, mask: (value) => redaction.addSecretValue(value), grants: readGrants, exposeAllowed: readExposeAllowed, logger });
  redaction.setSecretHosts(secretHostsLookup);
  const watch = vscode.Disposable.from(
    context.secrets.onDidChange((e) => vault.changed(e.key)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`clawdock.${GRANTED_SECRETS_KEY}`)) void vault.loadAll();
    }),
  );
  return { vault, watch };
}
