// The gateway's palette commands: start it for a folder, show its state, and
// the owner's pairing commands (the same store `clawdock pairing` changes).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ClawdockError } from '../../core/errors';
import { workspaceKey } from '../../core/workspace-key';
import { PairingStore } from '../../gateway/builtin/access/pairing-store';
import { visible } from '../../policy';
import type { Ctx } from '../ctx';
import { realPath } from './gateway-link-file';
import type { GatewayLinks } from './gateway-links';

const PROVIDER = 'telegram';

/** Registers the gateway commands. */
export function registerGatewayCommands(ctx: Ctx, links: GatewayLinks): vscode.Disposable {
  const act = (what: string, fn: () => Promise<void>) => () => ctx.runAction(what, fn);
  const store = () => new PairingStore({ home: links.home, provider: PROVIDER });
  return vscode.Disposable.from(
    vscode.commands.registerCommand('clawdock.startGateway', act('Start Gateway', () => startGateway(ctx, links))),
    vscode.commands.registerCommand('clawdock.showGatewayStatus', act('Show Gateway Status', () => showStatus(ctx, links))),
    vscode.commands.registerCommand('clawdock.pairingList', act('Pairing List', async () => {
      const { pending, approved } = store().list();
      const items = [
        ...pending.map((p) => ({ label: `$(key) ${p.code}`, description: `pending · ${p.senderId} ${visible(p.name ?? '')}`, detail: `expires ${new Date(p.expiresAt).toLocaleTimeString()}` })),
        ...approved.map((a) => ({ label: `$(pass) ${a.senderId}`, description: `approved · ${visible(a.name ?? '')}`, detail: `since ${new Date(a.approvedAt).toLocaleDateString()}` })),
      ];
      if (items.length === 0) return void vscode.window.showInformationMessage(`Clawdock: nobody is pending or paired on ${PROVIDER}.`);
      await vscode.window.showQuickPick(items, { title: `Pairing on ${PROVIDER}`, placeHolder: 'Approve with "Clawdock: Approve Pairing", revoke with "Clawdock: Revoke Pairing"' });
    })),
    vscode.commands.registerCommand('clawdock.pairingApprove', act('Approve Pairing', async () => {
      const code = await vscode.window.showInputBox({ title: `Approve a pairing on ${PROVIDER}`, prompt: 'The 8-character code the bot sent the person', ignoreFocusOut: true });
      if (!code) return;
      const approved = store().approve(code);
      void vscode.window.showInformationMessage(`Clawdock: ${approved.senderId}${approved.name ? ` (${visible(approved.name)})` : ''} is paired; every command they ask for needs your approval.`);
    })),
    vscode.commands.registerCommand('clawdock.pairingRevoke', act('Revoke Pairing', async () => {
      const { approved, pending } = store().list();
      const pick = await vscode.window.showQuickPick([...approved, ...pending].map((s) => ({ label: s.senderId, description: visible(s.name ?? '') })), { title: `Revoke a sender on ${PROVIDER}` });
      if (!pick) return;
      store().revoke(pick.label);
      void vscode.window.showInformationMessage(`Clawdock: ${pick.label} is no longer paired.`);
    })),
  );
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Which folder should the gateway serve?' });
}

/** Starts `clawdock gateway start` for a folder, detached, its output in a 0600 log; waits for it to announce itself. */
async function startGateway(ctx: Ctx, links: GatewayLinks): Promise<void> {
  if (!ctx.trusted) throw new ClawdockError('this workspace is not trusted, so Clawdock starts no gateway here');
  const folder = await pickFolder();
  if (!folder) return;
  if (links.announced(folder)) {
    await links.refresh();
    return void vscode.window.showInformationMessage(`Clawdock: the gateway of ${folder.name} is already running.`);
  }
  const config = join(links.home, 'gateway.json');
  if (!existsSync(config)) {
    throw new ClawdockError(`there is no gateway configuration at ${config}`, { hint: 'create it (see the README, "The built-in gateway") and store the bot token with `clawdock secrets set telegram.bot`' });
  }
  const logDir = ctx.extension.globalStorageUri.fsPath;
  mkdirSync(logDir, { recursive: true, mode: 0o700 });
  const log = join(logDir, `gateway-${workspaceKey(realPath(folder))}.log`);
  const fd = openSync(log, 'a', 0o600);
  const child = spawn(process.execPath, [join(ctx.extension.extensionPath, 'dist', 'cli.js'), 'gateway', 'start', '--workspace', realPath(folder), '--config', config], {
    detached: true, stdio: ['ignore', fd, fd],
    // VS Code's own binary runs as plain Node with this; code-server's already is Node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  closeSync(fd);
  let exited: number | null | undefined;
  child.on('exit', (code) => {
    exited = code;
  });
  child.unref();
  ctx.logger.info(`gateway: started for ${folder.name} (pid ${child.pid}); its log is ${log}`);
  for (let i = 0; i < 50 && exited === undefined && !links.announced(folder); i++) await new Promise((r) => setTimeout(r, 200));
  if (!links.announced(folder)) {
    const tail = readFileSync(log, 'utf8').split('\n').filter(Boolean).slice(-3).join(' — ');
    throw new ClawdockError(`the gateway did not start${exited !== undefined ? ` (exit ${exited})` : ''}: ${tail || 'no output'}`, { hint: `see ${log}` });
  }
  await links.refresh();
  void vscode.window.showInformationMessage(`Clawdock: the gateway of ${folder.name} is running; chat messages now run on this window's agent, approvals here.`);
}

async function showStatus(ctx: Ctx, links: GatewayLinks): Promise<void> {
  const folder = await pickFolder();
  if (!folder) return;
  const { joined, state } = links.stateOf(folder);
  if (!joined) {
    const start = 'Start Gateway';
    const choice = await vscode.window.showInformationMessage(`Clawdock: ${links.announced(folder) ? 'a gateway is running for' : 'no gateway is running for'} ${folder.name}${links.announced(folder) ? ' but this window has not joined it yet' : ''}.`, start);
    if (choice === start) await startGateway(ctx, links);
    return;
  }
  const pending = new PairingStore({ home: links.home, provider: PROVIDER }).list().pending.length;
  void vscode.window.showInformationMessage(
    `Clawdock gateway (${folder.name}): ${state?.providers.map((p) => p.id).join(', ') || 'no provider'}; messages run on ${state?.agent === 'window' ? 'this window\'s agent' : 'the headless agent'}; ` +
    `${state?.queued ?? 0} queued${state?.running ? `, running a message from ${visible(state.running)}` : ''}; ${pending} pairing request(s) pending.`,
  );
}
