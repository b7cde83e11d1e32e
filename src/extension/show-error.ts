import * as vscode from 'vscode';
import { visible } from '../core/display';
import { ClawdockError } from '../core/errors';
import { openSetting } from './config';
import { settingToFix } from './error-fix';

/** Where errors are logged and how to reveal the log. */
export interface ErrorSink {
  readonly log: vscode.LogOutputChannel;
}

/**
 * Shows a failure to the person: what failed and what to change, with a button
 * that opens the setting to change when the error names one, and one for the log.
 * The full error, cause included, goes to the "Clawdock" log.
 */
export async function showError(sink: ErrorSink, err: unknown, what: string): Promise<void> {
  const message = err instanceof ClawdockError ? err.message : `${what} failed: ${err instanceof Error ? err.message : String(err)}`;
  sink.log.error(`${what}: ${describeForLog(err)}`);
  const setting = settingToFix(err);
  const openSettings = setting ? `Open ${setting.replace(/^clawdock\./, '')}` : undefined;
  // Plain: an error may quote a proposal or a model, and a notification renders [x](command:…) as a link.
  const choice = await vscode.window.showErrorMessage(`Clawdock: ${visible(message, { lines: 'keep', plain: true })}`, ...(openSettings ? [openSettings] : []), 'Show Log');
  if (choice === openSettings && setting) await openSetting(setting);
  else if (choice === 'Show Log') sink.log.show(true);
}

function describeForLog(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `\n  caused by: ${err.cause.stack ?? err.cause.message}` : '';
  return `${err.stack ?? err.message}${cause}`;
}
