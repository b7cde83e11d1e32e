// Where a workspace's built-in gateway announces itself. Apart from the
// protocol (no zod here): the VS Code window's activation shell looks for this
// file to decide whether to load the extension's core at startup.
import { join } from 'node:path';
import { workspaceKey } from '../../../core/workspace-key';

/** Where the gateway of a workspace (its real path) announces itself. */
export function linkFilePath(home: string, workspace: string): string {
  return join(home, 'gateway', `${workspaceKey(workspace)}.link.json`);
}
