import * as vscode from 'vscode';
import type { SandboxRegistry } from '../sandboxes';
import type { StopRegistry } from './stop-registry';

const POLL_MS = 15_000;

/**
 * `$(debug-stop) Stop` — Stop Everything one click away whenever a sandbox of
 * this window runs or work is in flight; `$(debug-pause) Paused` after it, to
 * resume. Only sandboxes this window already uses are looked at, so the engine
 * is never contacted for this item alone.
 */
export class KillSwitchStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('clawdock.killSwitch', vscode.StatusBarAlignment.Left, 49);
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly timer: ReturnType<typeof setInterval>;
  private generation = 0;

  constructor(
    private readonly sandboxes: SandboxRegistry,
    private readonly stops: StopRegistry,
    private readonly isTrusted: () => boolean,
  ) {
    this.item.name = 'Clawdock Stop Everything';
    this.subscriptions.push(
      sandboxes.onDidChangeState(() => void this.refresh()),
      stops.onDidChange(() => void this.refresh()),
    );
    this.timer = setInterval(() => {
      if (vscode.window.state.focused) void this.refresh();
    }, POLL_MS);
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const states = this.isTrusted()
      ? await Promise.all(this.sandboxes.all().map(({ sandbox }) => sandbox.status().then((s) => s.state, () => 'unreachable')))
      : [];
    if (generation !== this.generation) return;
    if (states.includes('running') || this.stops.size > 0) {
      this.item.text = '$(debug-stop) Stop';
      this.item.tooltip = 'Clawdock: Stop Everything — cancel the agent, reject pending approvals, kill running commands and pause the sandbox';
      this.item.command = 'clawdock.stopEverything';
      this.item.backgroundColor = undefined;
      this.item.show();
    } else if (states.includes('paused')) {
      this.item.text = '$(debug-pause) Paused';
      this.item.tooltip = 'Clawdock: the sandbox is paused (Stop Everything) — click to resume it; `Clawdock: Discard Sandbox` removes it';
      this.item.command = 'clawdock.resumeSandbox';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.item.show();
    } else {
      this.item.hide();
    }
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.item.dispose();
  }
}
