import * as vscode from 'vscode';
import { GRANTED_SECRETS_KEY } from './secret-names';

/**
 * The names in the user's `clawdock.sandbox.grantedSecrets`. User settings only:
 * a workspace must not be able to hand the user's secrets to its sandbox.
 */
export function readGrantedSecretNames(): string[] {
  const raw = vscode.workspace.getConfiguration('clawdock').inspect<unknown>(GRANTED_SECRETS_KEY)?.globalValue;
  return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [];
}

/** Writes the user's list of granted names. */
export async function writeGrantedSecretNames(names: readonly string[]): Promise<void> {
  await vscode.workspace.getConfiguration('clawdock').update(GRANTED_SECRETS_KEY, [...new Set(names)], vscode.ConfigurationTarget.Global);
}
