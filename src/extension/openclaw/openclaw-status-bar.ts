// The bridge's state at a glance: connected, pairing pending (the owner still
// has steps to take on the gateway host), refused (a token or version the
// owner must change), connecting. Hidden while the bridge is off; a click
// shows the steps.
import * as vscode from 'vscode';
import type { HostState, OpenClawHost } from './openclaw-host';

const LOOK: Record<string, { icon: string; word: string; warning?: boolean; error?: boolean }> = {
  connected: { icon: '$(plug)', word: 'connected' },
  'pairing-pending': { icon: '$(clock)', word: 'pairing pending', warning: true },
  refused: { icon: '$(error)', word: 'refused', error: true },
  connecting: { icon: '$(sync~spin)', word: 'connecting' },
};

/** The OpenClaw status bar item. */
export function openClawStatusBar(host: OpenClawHost): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('clawdock.openclaw', vscode.StatusBarAlignment.Left, 48);
  item.name = 'Clawdock: OpenClaw';
  item.command = 'clawdock.openclaw.showSetup';
  const show = (state: HostState) => {
    const look = LOOK[state.status.kind];
    if (!look) {
      item.hide();
      return;
    }
    item.text = `${look.icon} OpenClaw: ${look.word}`;
    const detail = 'detail' in state.status && state.status.detail ? state.status.detail : '';
    item.tooltip = [detail, ...state.steps.map((s, i) => `${i + 1}. ${s}`)].filter(Boolean).join('\n');
    item.backgroundColor = look.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : look.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  show(host.state);
  const sub = host.onDidChangeState(show);
  return vscode.Disposable.from(item, { dispose: () => sub.dispose() });
}
