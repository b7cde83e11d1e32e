import * as vscode from 'vscode';
import type { Sandbox } from '../sandbox';

const MAX_MESSAGE = 120;

/** A step that ends sooner than this (a sandbox already up) shows no notification at all. */
const QUIET_MS = 400;

/**
 * Runs a sandbox step under a progress notification that shows the image build
 * or pull lines as they come, once the step has taken longer than a moment: a
 * sandbox that is already running should not flash a toast at every proposal.
 * Not cancellable: the core's `up()` takes no signal yet, and a Cancel that
 * hides a build still running would mislead.
 */
export async function withSandboxProgress<T>(sandbox: Sandbox, title: string, step: () => Promise<T>): Promise<T> {
  let lastMessage: string | undefined;
  const early = sandbox.onDidProgress((p) => (lastMessage = p.message));
  const running = step();
  let timer: NodeJS.Timeout | undefined;
  const quick = await Promise.race([
    running.then(() => true, () => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), QUIET_MS))),
  ]);
  clearTimeout(timer);
  early.dispose();
  if (quick) return running;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: false }, (progress) => {
    if (lastMessage) progress.report({ message: shorten(lastMessage) });
    return reportSandboxProgress(sandbox, progress, () => running);
  });
}

function shorten(message: string): string {
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;
}

/** Forwards a sandbox's progress events to a VS Code progress while `step` runs. */
export async function reportSandboxProgress<T>(sandbox: Sandbox, progress: vscode.Progress<{ message?: string; increment?: number }>, step: () => Promise<T>): Promise<T> {
  let last = 0;
  const subscription = sandbox.onDidProgress((p) => {
    const message = shorten(p.message);
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
