import * as vscode from 'vscode';
import { verifyWorkspace } from '../../../audit';
import type { Cmd, CommandFactory } from '../../commands/command';
import type { Ctx } from '../../ctx';
import { pickFolder } from '../../folders';
import { describeVerify } from '../verify-text';

const OPEN = 'Open at the Line';

function verify(ctx: Ctx): Cmd {
  return async (arg?: unknown) => {
    const folder = await pickFolder('verify the audit log of', arg);
    if (!folder) return;
    await ctx.runAction('Verify Audit Log', async () => {
      const expectHead = ctx.audit.expectHead(folder);
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Clawdock: verifying the audit log' }, () =>
        verifyWorkspace(ctx.audit.dir(folder), expectHead ? { expectHead } : {}),
      );
      const message = describeVerify(folder.name, result, expectHead !== undefined);
      ctx.logger.info(`verify audit log: ${message.text}`);
      if (message.ok) {
        void vscode.window.showInformationMessage(`Clawdock: ${message.text}`);
        return;
      }
      const choice = await vscode.window.showErrorMessage(`Clawdock: ${message.text}`, ...(message.open ? [OPEN] : []));
      if (choice === OPEN && message.open) {
        const line = Math.max(0, message.open.line - 1);
        await vscode.window.showTextDocument(vscode.Uri.file(message.open.file), { selection: new vscode.Range(line, 0, line, 0), preview: true });
      }
    });
  };
}

/**
 * `Clawdock: Verify Audit Log` — checks the folder's hash chain from its first
 * line to the head this window last wrote; names the first broken line and why,
 * and opens it. Reads only Clawdock's own storage, so also in untrusted workspaces.
 */
export const verifyAuditLog: CommandFactory = { enabled: verify, disabled: verify };
