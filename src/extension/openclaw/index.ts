// The OpenClaw node bridge in the editor: the host (one bridge per window),
// its status bar item and its commands. Registered from main.ts in one line.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { registerOpenClawCommands } from './openclaw-commands';
import { OpenClawHost } from './openclaw-host';
import { openClawStatusBar } from './openclaw-status-bar';

/** Builds the bridge host, its status bar and commands, and starts it when the settings say so. */
export function registerOpenClaw(ctx: Ctx): vscode.Disposable {
  const host = new OpenClawHost(ctx);
  const disposable = vscode.Disposable.from(host, openClawStatusBar(host), registerOpenClawCommands(ctx, host));
  void host.restart();
  return disposable;
}
