// Features that work without being asked — the OpenClaw bridge, and a
// built-in gateway that announced itself for one of the window's folders —
// need the core from the start. This decides cheaply whether one is on (one
// setting, one existsSync per folder), and keeps looking until one is: on a
// change of the bridge's settings, trust or folders, and every few seconds for
// a gateway's link file, as GatewayLinks itself does once the core runs.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { clawdockHome } from '../../core/clawdock-home';
import { readOpenClawEnabled } from '../../gateway';
import { configSource } from '../config-source';
import { folderLinkFile, LINK_POLL_MS } from '../gateway/gateway-link-file';

/** Whether a background feature wants the core now. Both run only in a trusted workspace. */
export function backgroundFeatureOn(): boolean {
  if (!vscode.workspace.isTrusted) return false;
  if (readOpenClawEnabled(configSource())) return true;
  const home = clawdockHome();
  return (vscode.workspace.workspaceFolders ?? []).some((folder) => existsSync(folderLinkFile(home, folder)));
}

/** Calls `load` once, when a background feature turns on; dispose to stop looking (the core loaded anyway). */
export function whenBackgroundFeatureOn(load: () => void): vscode.Disposable {
  const check = (): void => {
    if (!backgroundFeatureOn()) return;
    watch.dispose();
    load();
  };
  const timer = setInterval(check, LINK_POLL_MS);
  const watch = vscode.Disposable.from(
    { dispose: () => clearInterval(timer) },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('clawdock.openclaw')) check();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(check),
    vscode.workspace.onDidChangeWorkspaceFolders(check),
  );
  return watch;
}
