import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLog, auditWorkspaceKey, defaultAuditRoot, readRedactionSettings, Redactor, redactorOptions } from '../audit';
import { ownerCaller, type Caller } from '../core/caller';
import type { AuditSink } from '../sandbox';
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
  const settings = readRedactionSettings(readCliSettings(env));
  return new Redactor({ ...redactorOptions(settings), secretValues: Object.values(readSecrets(env)) });
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

/** The environment variables granted to the sandbox from the CLI's secrets (`sandboxSecret.<NAME>`). */
export function grantedEnvFromSecrets(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(readSecrets(env))) {
    if (name.startsWith('sandboxSecret.')) out[name.slice('sandboxSecret.'.length)] = value;
  }
  return out;
}
