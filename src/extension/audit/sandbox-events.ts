import type * as vscode from 'vscode';
import type { AuditEventOf } from '../../audit';
import { ownerCaller } from '../../core/caller';
import type { Ctx } from '../ctx';

/**
 * Records a sandbox lifecycle step the person asked for, before it happens:
 * if the line cannot be written, the step is not taken. (`stop` has no action
 * of its own in the schema; it is a `down` whose reason says the container is kept.)
 */
export function recordSandboxStep(ctx: Ctx, folder: vscode.WorkspaceFolder, action: AuditEventOf<'sandbox'>['action'], reason: string): Promise<unknown> {
  return ctx.audit.record(folder, { type: 'sandbox', caller: ownerCaller('editor'), action, reason });
}
