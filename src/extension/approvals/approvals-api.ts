import { resolve } from 'node:path';
import * as vscode from 'vscode';
import type { ApprovalItem } from '../../approvals';
import { ClawdockError } from '../../core/errors';
import type { Ctx } from '../ctx';
import type { ProposeCommandResult } from './propose';
import { proposeCommand, proposeEdit } from './propose';

/** The approvals part of the extension's API (tests, the agent, other extensions). */
export interface ApprovalsApi {
  /** Sends a command from the owner through the folder's policy; `ask` opens a proposal and returns its id. */
  proposeCommand(folderPath: string, commandLine: string): Promise<ProposeCommandResult>;
  /** Proposes new content for a file (null deletes it) and opens the diff; nothing is written before acceptance. */
  proposeEdit(folderPath: string, path: string, newContent: string | null): Promise<{ readonly id: string }>;
  /** Approvals waiting for an answer, oldest first. */
  pendingApprovals(): Promise<readonly ApprovalItem[]>;
}

/** The API over the context `getCtx` returns (undefined before activation finished or after it failed). */
export function approvalsApi(getCtx: () => Ctx | undefined): ApprovalsApi {
  const need = (): Ctx => {
    const ctx = getCtx();
    if (!ctx) throw new ClawdockError('Clawdock is not active');
    if (!ctx.trusted) throw new ClawdockError('this workspace is not trusted, so Clawdock proposes nothing here');
    return ctx;
  };
  const folderAt = (folderPath: string): vscode.WorkspaceFolder => {
    const wanted = resolve(folderPath);
    const folder = vscode.workspace.workspaceFolders?.find((f) => resolve(f.uri.fsPath) === wanted);
    if (!folder) throw new ClawdockError(`${folderPath} is not a folder of this window`);
    return folder;
  };
  return {
    proposeCommand: async (folderPath, commandLine) => {
      const ctx = need();
      await ctx.approvals.ready;
      return proposeCommand(ctx, folderAt(folderPath), commandLine);
    },
    proposeEdit: async (folderPath, path, newContent) => {
      const ctx = need();
      await ctx.approvals.ready;
      const item = await proposeEdit(ctx, folderAt(folderPath), path, newContent);
      return { id: item.id };
    },
    pendingApprovals: async () => {
      const ctx = need();
      await ctx.approvals.ready;
      return ctx.approvals.queue.pending();
    },
  };
}
