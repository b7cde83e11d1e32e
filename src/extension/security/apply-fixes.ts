import { chmod } from 'node:fs/promises';
import { relative, isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import type { SecurityFix } from '../../audit';
import { describeFix, fixLevels } from './security-report-text';

const TARGETS = { global: vscode.ConfigurationTarget.Global, workspace: vscode.ConfigurationTarget.Workspace, workspaceFolder: vscode.ConfigurationTarget.WorkspaceFolder } as const;

/**
 * Applies the security audit's tightening fixes: a setting is written at every
 * level that holds a looser value (so a workspace value cannot keep overriding
 * the fix), a mode only inside the folder's audit folder. Returns what was done
 * and what failed, for the person.
 */
export async function applySecurityFixes(folder: vscode.WorkspaceFolder, auditDir: string, fixes: readonly SecurityFix[]): Promise<{ done: string[]; failed: string[] }> {
  const done: string[] = [];
  const failed: string[] = [];
  for (const fix of fixes) {
    try {
      if (fix.kind === 'setting') {
        const config = vscode.workspace.getConfiguration('clawdock', folder.uri);
        for (const level of fixLevels(config.inspect(fix.key), fix.value)) await config.update(fix.key, fix.value, TARGETS[level]);
      } else {
        const rel = relative(auditDir, fix.path);
        if (rel.startsWith('..') || isAbsolute(rel)) throw new Error(`${fix.path} is not in the audit folder`);
        await chmod(fix.path, fix.mode);
      }
      done.push(describeFix(fix));
    } catch (err) {
      failed.push(`${describeFix(fix)}: ${(err as Error).message}`);
    }
  }
  return { done, failed };
}
