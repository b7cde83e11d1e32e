import * as vscode from 'vscode';

/** The folder the person is working in: the active editor's, else the only or first one. Never prompts. */
export function currentFolder(): vscode.WorkspaceFolder | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return (uri && vscode.workspace.getWorkspaceFolder(uri)) || vscode.workspace.workspaceFolders?.[0];
}

/**
 * The folder a command acts on: the one passed in (a Uri from a menu or a test),
 * the active editor's, the only one, or the person's pick among several.
 * Undefined when there is none or the pick was dismissed.
 */
export async function pickFolder(purpose: string, arg?: unknown): Promise<vscode.WorkspaceFolder | undefined> {
  if (arg instanceof vscode.Uri) {
    const folder = vscode.workspace.getWorkspaceFolder(arg);
    if (folder) return folder;
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('Clawdock: open a folder first — each workspace folder gets its own sandbox.');
    return undefined;
  }
  const uri = vscode.window.activeTextEditor?.document.uri;
  const active = uri && vscode.workspace.getWorkspaceFolder(uri);
  if (active) return active;
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: `Folder whose sandbox to ${purpose}` });
}
