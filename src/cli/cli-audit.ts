import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLog, auditWorkspaceKey, defaultAuditRoot, readRedactionSettings, Redactor, redactorOptions } from '../audit';
import { ownerCaller, type Caller } from '../core/caller';
import type { AuditSink } from '../sandbox';
import { assertGrantsUsable, readGrantedSecrets, secretFactsOf, type BoundSecret, type GrantedSecrets } from '../egress';
import { clawdockHome, readCliSettings } from './cli-settings';
import { readSecrets } from './secret-file';

/** The CLI's audit log for one workspace, with the one redactor. */
export interface CliAudit extends AuditSink {
  readonly caller: Caller;
  /** Closes the log and records its head outside the audit folder, for `audit verify`. */
  close(): Promise<void>;
}

/** Where the head of a workspace's chain is kept: outside the audit folder, so cutting lines off its end is seen. */
function headFile(env: NodeJS.ProcessEnv, key: string): string {
  return join(clawdockHome(env), 'state', 'audit-heads', `${key}.json`);
}

/** The head the CLI last wrote for a workspace, if any. */
export function readHeadAnchor(env: NodeJS.ProcessEnv, key: string): { seq: number; hash: string } | undefined {
  try {
    const anchor = JSON.parse(readFileSync(headFile(env, key), 'utf8')) as { seq?: unknown; hash?: unknown };
    return typeof anchor.seq === 'number' && typeof anchor.hash === 'string' ? { seq: anchor.seq, hash: anchor.hash } : undefined;
  } catch {
    return undefined;
  }
}

/** The redactor every CLI surface uses: built-in rules, user patterns, and the exact values of the secrets the CLI holds. */
export function cliRedactor(env: NodeJS.ProcessEnv): Redactor {
  const config = readCliSettings(env);
  const redactor = new Redactor({ ...redactorOptions(readRedactionSettings(config)), secretValues: Object.values(readSecrets(env)) });
  // A bound secret's placeholder is shown with its hosts (issue 16).
  const bound = readGrantedSecrets(config.get<unknown>('sandbox.grantedSecrets')).bound;
  redactor.setSecretHosts((name) => bound.find((b) => b.name === name)?.hosts);
  return redactor;
}

/** Opens the CLI's audit log (`$CLAWDOCK_HOME/audit/<workspace key>/`) for a workspace's real path. */
export async function openCliAudit(realPath: string, env: NodeJS.ProcessEnv): Promise<CliAudit> {
  const redactor = cliRedactor(env);
  const key = auditWorkspaceKey(realPath);
  const log = await AuditLog.open({ root: defaultAuditRoot(env), workspaceKey: key, redactor });
  return {
    log,
    redactor,
    caller: ownerCaller('cli'),
    async close() {
      const anchor = log.headAnchor;
      await log.close();
      if (anchor.seq === 0) return;
      const file = headFile(env, key);
      mkdirSync(join(clawdockHome(env), 'state', 'audit-heads'), { recursive: true, mode: 0o700 });
      writeFileSync(`${file}.tmp`, JSON.stringify(anchor), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    },
  };
}

const SANDBOX_SECRET = 'sandboxSecret.';

/** The CLI's grants to the sandbox, with the values the vault holds for them. */
export interface CliGrants {
  readonly granted: GrantedSecrets;
  /** `clawdock.sandbox.dangerouslyExposeSecretsToSandbox` in the CLI's settings. */
  readonly exposeAllowed: boolean;
  /** Each granted name's value (`sandboxSecret.<NAME>` in the vault). */
  readonly values: Readonly<Record<string, string>>;
}

/**
 * The CLI's grants (issue 16): `clawdock.sandbox.grantedSecrets` in
 * `$CLAWDOCK_HOME/settings.json` binds a secret to hosts; its value is
 * `sandboxSecret.<NAME>` in the vault. A vault secret no entry names counts as
 * a bare name — the old form, in which every such secret went to every
 * command — so it is refused like one.
 */
export function cliGrants(env: NodeJS.ProcessEnv): CliGrants {
  const settings = readCliSettings(env);
  const listed = readGrantedSecrets(settings.get<unknown>('sandbox.grantedSecrets'));
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(readSecrets(env))) if (key.startsWith(SANDBOX_SECRET)) values[key.slice(SANDBOX_SECRET.length)] = value;
  const named = new Set([...listed.bound.map((b) => b.name), ...listed.bare]);
  const unlisted = Object.keys(values).filter((name) => !named.has(name));
  return { granted: { ...listed, bare: [...listed.bare, ...unlisted] }, exposeAllowed: settings.get<unknown>('sandbox.dangerouslyExposeSecretsToSandbox') === true, values };
}

/**
 * The old form's environment variables: bare names with their values, only
 * with `dangerouslyExposeSecretsToSandbox`. Throws a ConfigError that shows
 * the new form otherwise (and so refuses the command).
 */
export function grantedEnvFromSecrets(env: NodeJS.ProcessEnv): Record<string, string> {
  const { granted, exposeAllowed, values } = cliGrants(env);
  assertGrantsUsable(granted, exposeAllowed);
  const out: Record<string, string> = {};
  for (const name of granted.bare) if (values[name] !== undefined) out[name] = values[name];
  return out;
}

/** The secrets bound to hosts with their values, for the egress proxy; throws like `grantedEnvFromSecrets`. */
export function boundSecretsFromVault(env: NodeJS.ProcessEnv): BoundSecret[] {
  const { granted, exposeAllowed, values } = cliGrants(env);
  assertGrantsUsable(granted, exposeAllowed);
  return granted.bound.filter((b) => values[b.name] !== undefined).map((b) => ({ ...b, value: values[b.name]! }));
}

/** What `security audit` and `selftest` look at: names only, never values. */
export function cliSecretFacts(env: NodeJS.ProcessEnv): ReturnType<typeof secretFactsOf> {
  const { granted, exposeAllowed } = cliGrants(env);
  return secretFactsOf(granted, exposeAllowed);
}
