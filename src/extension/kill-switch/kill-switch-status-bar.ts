import * as vscode from 'vscode';
import { DisposableStore } from '../../core/disposable';
import type { SandboxRegistry } from '../sandboxes';
import { FocusedPoll } from '../status-bar';
import type { StopRegistry } from './stop-registry';

/**
 * `$(debug-stop) Stop` — Stop Everything one click away whenever a sandbox of
 * this window runs or work is in flight; `$(debug-pause) Paused` after it, to
 * resume. Only sandboxes this window already uses are looked at, so the engine
 * is never contacted for this item alone.
 */
export class KillSwitchStatusBar implements vscode.Disposable {
  private readonly store = new DisposableStore();
  private readonly item = this.store.add(vscode.window.createStatusBarItem('clawdock.killSwitch', vscode.StatusBarAlignment.Left, 49));
  private generation = 0;

  constructor(
    private readonly sandboxes: SandboxRegistry,
    private readonly stops: StopRegistry,
    private readonly isTrusted: () => boolean,
  ) {
    this.item.name = 'Clawdock Stop Everything';
    // Polls only while the window is focused and a sandbox is in use: an idle window costs nothing.
    const poll = this.store.add(new FocusedPoll(() => sandboxes.all().length > 0, () => void this.refresh()));
    this.store.add(sandboxes.onDidChangeState(() => void this.refresh()));
    this.store.add(stops.onDidChange(() => void this.refresh()));
    this.store.add(
      sandboxes.onDidChangeSessions(() => {
        poll.update();
        void this.refresh();
      }),
    );
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
    this.store.dispose();
  }
}
