// What a folder's sandbox needs for `clawdock.sandbox.network: "allowlist"`
// in the editor: the domain rules read layer by layer (a workspace may only
// narrow the user's), each connection recorded in the folder's audit log, and
// the owner asked about an unknown domain (with `sandbox.egressAsk`) in a
// modal that names the domain and the command — once, for the session, or
// always (written to the user's settings). An unanswered question expires in
// the proxy and counts as refused.
import * as vscode from 'vscode';
import { visible } from '../core/display';
import type { ConfigSource } from '../core/config/config-source';
import { ALLOWED_DOMAINS_SETTING, egressAuditEvent, readEgressSettings, type AskAnswer, type BoundSecret } from '../egress';
import { ownerCaller } from '../core/caller';
import type { SandboxEgressOptions } from '../sandbox';
import type { AuditEvent } from '../audit';

/**
 * The egress options of one folder's sandbox; `secrets` are the user's
 * secrets bound to hosts with their values (issue 16: SecretVault.boundSecrets).
 */
export function folderEgress(folder: vscode.WorkspaceFolder, record: (event: AuditEvent) => Promise<unknown>, secrets?: () => Promise<readonly BoundSecret[]>): SandboxEgressOptions {
  return {
    ...(secrets ? { secrets } : {}),
    settings: () => {
      const section = vscode.workspace.getConfiguration('clawdock', folder.uri);
      const user: ConfigSource = { get: <T>(key: string) => section.inspect<T>(key)?.globalValue };
      const workspace: ConfigSource = { get: <T>(key: string) => section.inspect<T>(key)?.workspaceFolderValue ?? section.inspect<T>(key)?.workspaceValue };
      return readEgressSettings({ user, workspace, workspaceTrusted: vscode.workspace.isTrusted });
    },
    audit: async (r) => {
      await record(egressAuditEvent(r, { caller: { ...ownerCaller('editor') } }));
    },
    askOwner: async (domain, commandId) => ask(domain, commandId),
  };
}

async function ask(domain: string, commandId: string): Promise<AskAnswer> {
  const shown = visible(domain, { plain: true });
  const pick = await vscode.window.showWarningMessage(
    `A command in the sandbox wants to reach ${shown}, which is on neither of your domain lists.`,
    { modal: true, detail: `Command ${visible(commandId, { plain: true })}. Allowing it lets anything in the sandbox send data to ${shown}. "Always" adds it to ${ALLOWED_DOMAINS_SETTING} in your user settings.` },
    'Allow once', 'Allow for this session', 'Always allow',
  );
  if (pick === 'Allow once') return 'once';
  if (pick === 'Allow for this session') return 'session';
  if (pick === 'Always allow') {
    const config = vscode.workspace.getConfiguration('clawdock');
    const current = config.inspect<string[]>('sandbox.allowedDomains')?.globalValue ?? [];
    if (!current.includes(domain)) await config.update('sandbox.allowedDomains', [...current, domain], vscode.ConfigurationTarget.Global);
    return 'always';
  }
  return 'deny';
}
