import * as vscode from 'vscode';
import type { Sandbox } from '../sandbox';

const MAX_MESSAGE = 120;

/**
 * Runs a sandbox step under a progress notification that shows the image build
 * or pull lines as they come. Not cancellable: the core's `up()` takes no
 * signal yet, and a Cancel that hides a build still running would mislead.
 */
export function withSandboxProgress<T>(sandbox: Sandbox, title: string, step: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: false }, (progress) =>
    reportSandboxProgress(sandbox, progress, step),
  );
}

/** Forwards a sandbox's progress events to a VS Code progress while `step` runs. */
export async function reportSandboxProgress<T>(sandbox: Sandbox, progress: vscode.Progress<{ message?: string; increment?: number }>, step: () => Promise<T>): Promise<T> {
  let last = 0;
  const subscription = sandbox.onDidProgress((p) => {
    const message = p.message.length > MAX_MESSAGE ? `${p.message.slice(0, MAX_MESSAGE - 1)}…` : p.message;
    if (p.percent === undefined) {
      progress.report({ message });
      return;
    }
    // Layers of a pull each count from 0 to 100; only ever move the bar forward.
    const increment = Math.max(0, p.percent - last);
    last = Math.max(last, p.percent);
    progress.report({ message, increment });
  });
  try {
    return await step();
  } finally {
    subscription.dispose();
  }
}
