// VS Code's configuration as the core's ConfigSource, on its own so the
// activation shell reads a setting through the same readers as the core
// without loading the setting tables (config.ts pulls in the sandbox room).
import * as vscode from 'vscode';
import type { ConfigSource } from '../core/config/config-source';

/** VS Code's `clawdock.*` configuration for a folder (keys relative to `clawdock.`) as the core's ConfigSource. */
export function configSource(folder?: vscode.WorkspaceFolder): ConfigSource {
  const section = vscode.workspace.getConfiguration('clawdock', folder?.uri);
  return { get: <T>(key: string) => section.get<T>(key) };
}
