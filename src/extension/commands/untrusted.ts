import * as vscode from 'vscode';
import type { Cmd } from './command';

const MANAGE_TRUST = 'Manage Workspace Trust';

/** Says why nothing happens in an untrusted workspace, and offers to manage trust. */
export async function explainUntrusted(): Promise<void> {
  const choice = await vscode.window.showWarningMessage(
    'Clawdock: this workspace is not trusted, so Clawdock starts no sandbox and runs no commands here. Trust the workspace to use the sandbox.',
    MANAGE_TRUST,
  );
  if (choice === MANAGE_TRUST) await vscode.commands.executeCommand('workbench.trust.manage');
}

/** The default `disabled` variant of a command: refuse and explain. */
export function refuseInUntrustedWorkspace(): Cmd {
  return () => explainUntrusted();
}
