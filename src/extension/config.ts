// Clawdock's settings as a typed, read-only snapshot per workspace folder. The
// core reads them through a ConfigSource, so the same readers serve the CLI and tests.
import * as vscode from 'vscode';
import { readSandboxSettings, type SandboxSettings } from '../sandbox';
import { configSource } from './config-source';

export { configSource } from './config-source';

/** A read-only snapshot of Clawdock's settings as they apply to one folder. */
export interface Config {
  readonly sandbox: SandboxSettings;
}

/** Reads the snapshot for a folder; throws a ConfigError naming the setting when one cannot be used. */
export function readConfig(folder?: vscode.WorkspaceFolder): Config {
  return { sandbox: readSandboxSettings(configSource(folder)) };
}

/** Opens the Settings editor at one setting, e.g. `clawdock.sandbox.dockerHost`. */
export function openSetting(setting: string): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', setting);
}
