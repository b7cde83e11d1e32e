// `Clawdock: Connect to OpenClaw Gateway…` walks the owner through the URL and
// the token, connects, and shows the exact steps still needed on the gateway
// host (`openclaw nodes approve …`, `gateway.nodes.commands.allow …`) as the
// gateway's answers reveal them. Disconnect turns the bridge off; Show Setup
// repeats the steps (the status bar opens it).
import * as vscode from 'vscode';
import { DEFAULT_GATEWAY_URL } from '../../gateway';
import { explainUntrusted } from '../commands/untrusted';
import type { Ctx } from '../ctx';
import type { HostState, OpenClawHost } from './openclaw-host';

const COPY = 'Copy Commands';

/** Registers the bridge's commands. */
export function registerOpenClawCommands(ctx: Ctx, host: OpenClawHost): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('clawdock.openclaw.connect', () => ctx.runAction('Connect to OpenClaw Gateway', () => connect(ctx, host))),
    vscode.commands.registerCommand('clawdock.openclaw.disconnect', () => ctx.runAction('Disconnect from OpenClaw Gateway', async () => {
      await vscode.workspace.getConfiguration('clawdock').update('openclaw.enabled', false, vscode.ConfigurationTarget.Global);
      await host.restart();
    })),
    vscode.commands.registerCommand('clawdock.openclaw.showSetup', () => showSetup(host.state)),
  );
}

async function connect(ctx: Ctx, host: OpenClawHost): Promise<void> {
  if (!ctx.trusted) return explainUntrusted();
  const config = vscode.workspace.getConfiguration('clawdock');
  const url = await vscode.window.showInputBox({
    title: 'Connect to OpenClaw Gateway (1/2)',
    prompt: 'The gateway\'s WebSocket URL (`openclaw gateway status` shows it; loopback by default)',
    value: config.get<string>('openclaw.gatewayUrl') || DEFAULT_GATEWAY_URL,
    ignoreFocusOut: true,
    validateInput: (v) => (/^wss?:\/\/[^\s]+$/.test(v.trim()) ? undefined : 'a ws:// or wss:// URL, such as ws://127.0.0.1:18789'),
  });
  if (url === undefined) return;
  const token = await vscode.window.showInputBox({
    title: 'Connect to OpenClaw Gateway (2/2)',
    prompt: 'The gateway\'s token (`openclaw config get gateway.auth.token` on the gateway host). Kept in SecretStorage. Leave empty to keep the stored one.',
    password: true,
    ignoreFocusOut: true,
  });
  if (token === undefined) return;
  await host.setToken(token.trim() === '' ? undefined : token.trim());
  // These are the owner's settings: the user scope, never a workspace's.
  await config.update('openclaw.gatewayUrl', url.trim(), vscode.ConfigurationTarget.Global);
  await config.update('openclaw.enabled', true, vscode.ConfigurationTarget.Global);
  await host.restart();
  const settled = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Clawdock: connecting to ${url.trim()}…` }, () => settle(host));
  await showSetup(settled);
}

/** Waits (20 s at most) until the bridge is connected, waiting for approval, or refused. */
function settle(host: OpenClawHost): Promise<HostState> {
  const done = (s: HostState) => s.status.kind === 'connected' || s.status.kind === 'pairing-pending' || s.status.kind === 'refused';
  if (done(host.state)) return Promise.resolve(host.state);
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(host.state), 20_000);
    const sub = host.onDidChangeState((s) => {
      // The tool list comes a moment after hello-ok; give it that moment.
      if (done(s)) setTimeout(() => finish(host.state), 500);
    });
    function finish(s: HostState) {
      clearTimeout(timer);
      sub.dispose();
      resolve(s);
    }
  });
}

async function showSetup(state: HostState): Promise<void> {
  const detail = 'detail' in state.status && state.status.detail ? state.status.detail : '';
  switch (state.status.kind) {
    case 'stopped':
      await vscode.window.showInformationMessage('Clawdock is not connected to an OpenClaw gateway. Run “Clawdock: Connect to OpenClaw Gateway…” to connect.');
      return;
    case 'connected':
      await vscode.window.showInformationMessage(`Clawdock: ${detail}`);
      return;
    default: {
      const steps = state.steps.map((s, i) => `${i + 1}. ${s}`).join('\n');
      const message = state.status.kind === 'refused' ? `Clawdock: the OpenClaw gateway refused this node.` : `Clawdock: ${state.status.kind === 'pairing-pending' ? 'waiting for the gateway owner' : 'connecting to the OpenClaw gateway'}.`;
      const choice = await vscode.window.showWarningMessage(message, { modal: true, detail: [detail, steps ? `Still needed on the gateway host:\n${steps}` : ''].filter(Boolean).join('\n\n') }, ...(steps ? [COPY] : []));
      if (choice === COPY) await vscode.env.clipboard.writeText(`${state.steps.map((s) => s.replace(/\s+#.*$/, '')).join('\n')}\n`);
    }
  }
}
