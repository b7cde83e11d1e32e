import * as vscode from 'vscode';
import { sandboxStatusFields } from '../../sandbox';
import { openSetting } from '../config';
import { pickFolder } from '../folders';
import type { CommandFactory } from './command';
import { explainUntrusted } from './untrusted';

interface FieldItem extends vscode.QuickPickItem {
  readonly setting?: string;
  readonly command?: string;
}

/** `Clawdock: Show Sandbox Status` — every status field in a quick pick; loosened settings flagged, picking one opens it. */
export const showStatus: CommandFactory = {
  enabled: (ctx) => async (arg?: unknown) => {
    const folder = await pickFolder('show', arg);
    if (!folder) return;
    await ctx.runAction('Show Sandbox Status', async () => {
      const status = await ctx.sandboxes.get(folder).status();
      const items: FieldItem[] = sandboxStatusFields(status).map((f) => ({
        label: `${f.warning ? '$(warning)' : '$(blank)'} ${f.label}`,
        description: f.value,
        detail: f.label === 'Loosened' ? 'Hardening loosened by this setting — pick to open it' : undefined,
        setting: f.setting,
      }));
      items.push(
        { label: 'Actions', kind: vscode.QuickPickItemKind.Separator },
        status.state === 'running'
          ? { label: '$(debug-stop) Stop Sandbox', command: 'clawdock.stopSandbox' }
          : { label: '$(play) Start Sandbox', command: 'clawdock.startSandbox' },
        { label: '$(terminal) Run Command in Sandbox…', command: 'clawdock.runCommand' },
        { label: '$(output) Show Log', command: 'clawdock.showLog' },
      );
      const picked = await vscode.window.showQuickPick(items, { title: `Clawdock sandbox — ${folder.name}`, placeHolder: 'Pick a setting to open it, or an action', matchOnDescription: true });
      if (picked?.command) await vscode.commands.executeCommand(picked.command, folder.uri);
      else if (picked?.setting) await openSetting(picked.setting);
    });
  },
  // Reading the status would contact the engine an untrusted workspace's settings name.
  disabled: () => () => explainUntrusted(),
};
