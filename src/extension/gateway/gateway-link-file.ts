// Where a folder's built-in gateway announces itself, as the window sees it.
// One answer for GatewayLinks (which joins the gateway) and the activation
// shell (which loads the core when a gateway is there, and polls until then):
// small on purpose, the shell imports it.
import { realpathSync } from 'node:fs';
import type * as vscode from 'vscode';
import { linkFilePath } from '../../gateway';

/** How often a folder without a joined gateway looks for its link file. */
export const LINK_POLL_MS = 3_000;

/** The folder's real path: the gateway names its workspace that way. */
export function realPath(folder: vscode.WorkspaceFolder): string {
  try {
    return realpathSync(folder.uri.fsPath);
  } catch {
    return folder.uri.fsPath;
  }
}

/** The link file a folder's gateway writes when it starts (under `home`, `$CLAWDOCK_HOME`). */
export function folderLinkFile(home: string, folder: vscode.WorkspaceFolder): string {
  return linkFilePath(home, realPath(folder));
}
