import { createWriteStream } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as vscode from 'vscode';
import { exportAudit, type ExportFormat } from '../../../audit';
import type { Cmd, CommandFactory } from '../../commands/command';
import type { Ctx } from '../../ctx';
import { pickFolder } from '../../folders';
import { exportFileName, exportSince, type ExportSpan } from '../export-choice';

const SPANS: readonly (vscode.QuickPickItem & { span: ExportSpan })[] = [
  { label: 'Today', span: 'today' },
  { label: 'Last 7 days', span: 'week' },
  { label: 'Everything', span: 'all' },
];
const FORMATS: readonly (vscode.QuickPickItem & { format: ExportFormat })[] = [
  { label: 'JSON Lines', description: '.jsonl — the lines as written, hashes included (verifiable)', format: 'jsonl' },
  { label: 'CSV', description: '.csv — one row per line, for a spreadsheet', format: 'csv' },
];

function exportLog(ctx: Ctx): Cmd {
  return async (arg?: unknown) => {
    const folder = await pickFolder('export the audit log of', arg);
    if (!folder) return;
    const span = await vscode.window.showQuickPick(SPANS, { title: `Export the audit log of ${folder.name}`, placeHolder: 'Since when?' });
    if (!span) return;
    const format = await vscode.window.showQuickPick(FORMATS, { title: `Export the audit log of ${folder.name}`, placeHolder: 'Format' });
    if (!format) return;
    const now = new Date();
    const target = await vscode.window.showSaveDialog({
      title: 'Export the Clawdock audit log',
      defaultUri: vscode.Uri.file(join(homedir(), exportFileName(folder.name, format.format, now))),
      filters: format.format === 'csv' ? { CSV: ['csv'] } : { 'JSON Lines': ['jsonl'] },
    });
    if (!target) return;
    await ctx.runAction('Export Audit Log', async () => {
      const since = exportSince(span.span, now);
      let rows = 0;
      const lines = exportAudit({ dir: ctx.audit.dir(folder), format: format.format, ...(since ? { since } : {}) });
      const counted = Readable.from((async function* () {
        for await (const line of lines) {
          rows++;
          yield line;
        }
      })());
      // Redacted already, but still a record of what happened in the workspace: private to the user.
      await pipeline(counted, createWriteStream(target.fsPath, { mode: 0o600 }));
      const lineCount = format.format === 'csv' ? Math.max(0, rows - 1) : rows;
      const choice = await vscode.window.showInformationMessage(`Clawdock: exported ${lineCount} audit line(s) of ${folder.name} to ${target.fsPath}.`, 'Open');
      if (choice === 'Open') await vscode.window.showTextDocument(target);
    });
  };
}

/** `Clawdock: Export Audit Log` — since today, the last 7 days or ever, as JSONL or CSV, to a file the person picks. */
export const exportAuditLog: CommandFactory = { enabled: exportLog, disabled: exportLog };
