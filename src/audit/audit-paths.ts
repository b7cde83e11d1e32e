import { basename, join } from 'node:path';
import { clawdockHome } from '../core/clawdock-home';
import { ClawdockError } from '../core/errors';
import { workspaceKey } from '../core/workspace-key';
import { readDirOrEmpty } from '../core/read-dir-or-empty';

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;
const SAFE_KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** One day file of a workspace's log. */
export interface DayFile {
  /** `YYYY-MM-DD` (UTC). */
  readonly day: string;
  readonly path: string;
}

/** The UTC day (`YYYY-MM-DD`) of a time in ms. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The CLI's audit root: `$CLAWDOCK_HOME/audit`, else `~/.clawdock/audit` (the extension uses its global storage). */
export function defaultAuditRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(clawdockHome(env), 'audit');
}

/**
 * The folder name of a workspace's log: `<folder-name>-<12 hex of sha256(realPath)>`,
 * the same slug and hash the sandbox names its container with, so a person can
 * match the two.
 */
export function auditWorkspaceKey(realPath: string): string {
  return workspaceKey(realPath);
}

/** The folder holding one workspace's day files; refuses keys that could leave the root. */
export function workspaceAuditDir(root: string, workspaceKey: string): string {
  if (!SAFE_KEY.test(workspaceKey) || workspaceKey === '.' || workspaceKey === '..') {
    throw new ClawdockError(`audit workspace key ${JSON.stringify(workspaceKey)} is not a plain folder name`, {
      hint: 'use auditWorkspaceKey(realPath)',
    });
  }
  return join(root, workspaceKey);
}

/** The day files in a workspace's audit folder, oldest first; other files are ignored. */
export async function listDayFiles(dir: string): Promise<DayFile[]> {
  const names = await readDirOrEmpty(dir);
  return names
    .map((name) => DAY_FILE.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ day: m[1] as string, path: join(dir, m[0]) }))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/** The day a day file's name stands for, or undefined for other names. */
export function dayOfFile(path: string): string | undefined {
  return DAY_FILE.exec(basename(path))?.[1];
}
