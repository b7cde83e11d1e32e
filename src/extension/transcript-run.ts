import * as vscode from 'vscode';
import type { ExecHooks, ExecResult } from '../sandbox';
import type { Ctx } from './ctx';
import { formatDuration } from './exec-format';

/**
 * Runs one command through `exec` with its output streamed to the "Clawdock
 * Sandbox" channel and a cancellable notification, like `Run Command in Sandbox…`.
 * Give it `auditedExec`: the record comes first and the output comes redacted.
 * Stop Everything aborts it too.
 */
export async function runWithTranscript(
  ctx: Ctx,
  folder: vscode.WorkspaceFolder,
  line: string,
  exec: (hooks: ExecHooks, progress: vscode.Progress<{ message?: string; increment?: number }>) => Promise<ExecResult>,
): Promise<ExecResult> {
  const transcript = ctx.commandOutput.begin(line, folder.name);
  const title = `Clawdock: $ ${line.length > 60 ? `${line.slice(0, 59)}…` : line}`;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const onCancel = token.onCancellationRequested(() => abort.abort());
    const registration = ctx.stops.register({ workspace: folder.uri.fsPath, kind: 'command', cancel: () => abort.abort() });
    try {
      const result = await exec({ onStdout: transcript.stdout, onStderr: transcript.stderr, signal: abort.signal }, progress);
      transcript.finish(result, ctx.sandboxes.get(folder).currentSettings);
      ctx.logger.info(`[${folder.name}] exit ${result.exitCode} in ${formatDuration(result.durationMs)}: ${line}`);
      return result;
    } catch (err) {
      transcript.fail(err instanceof Error ? err.message : String(err));
      throw err;
    } finally {
      onCancel.dispose();
      registration.dispose();
    }
  });
}
