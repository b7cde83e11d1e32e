import * as vscode from 'vscode';
import { readGrantedSecrets, secretFactsOf, type GrantedSecrets, type SecretBinding } from '../../egress';
import { EXPOSE_SECRETS_KEY, GRANTED_SECRETS_KEY } from './secret-names';

function userValue(key: string): unknown {
  return vscode.workspace.getConfiguration('clawdock').inspect<unknown>(key)?.globalValue;
}

/**
 * The user's `clawdock.sandbox.grantedSecrets`, read (issue 16): secrets bound
 * to hosts, and bare names (the old form). User settings only: a workspace
 * must not be able to hand the user's secrets to its sandbox.
 */
export function readGrants(): GrantedSecrets {
  return readGrantedSecrets(userValue(GRANTED_SECRETS_KEY));
}

/** `clawdock.sandbox.dangerouslyExposeSecretsToSandbox`, from user settings only. */
export function readExposeAllowed(): boolean {
  return userValue(EXPOSE_SECRETS_KEY) === true;
}

/** The hosts a bound secret goes to, by its name: how displays label its placeholder (`«NPM_TOKEN for registry.npmjs.org»`). */
export function secretHostsLookup(name: string): readonly string[] | undefined {
  return readGrants().bound.find((b) => b.name === name)?.hosts;
}

/** Every granted name, bound or bare: the vault reads (and masks) each one's value. */
export function readGrantedSecretNames(): string[] {
  const grants = readGrants();
  return [...grants.bound.map((b) => b.name), ...grants.bare];
}

/** What Security Audit looks at (names and hosts, never values): see SecurityAuditInput. */
export function readSecretFacts(): ReturnType<typeof secretFactsOf> {
  return secretFactsOf(readGrants(), readExposeAllowed());
}

/** Adds (or replaces) the user's grant of one secret, in the bound form. */
export async function writeGrant(binding: SecretBinding): Promise<void> {
  const raw = userValue(GRANTED_SECRETS_KEY);
  const kept = (Array.isArray(raw) ? raw : []).filter((e) => nameOf(e) !== binding.name);
  await vscode.workspace.getConfiguration('clawdock').update(GRANTED_SECRETS_KEY, [...kept, binding], vscode.ConfigurationTarget.Global);
}

/** Removes the user's grant of one secret, whichever form it has. */
export async function removeGrant(name: string): Promise<void> {
  const raw = userValue(GRANTED_SECRETS_KEY);
  const kept = (Array.isArray(raw) ? raw : []).filter((e) => nameOf(e) !== name);
  await vscode.workspace.getConfiguration('clawdock').update(GRANTED_SECRETS_KEY, kept, vscode.ConfigurationTarget.Global);
}

function nameOf(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry.trim();
  const name = (entry as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name.trim() : undefined;
}
