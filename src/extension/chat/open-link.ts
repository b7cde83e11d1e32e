// Opening a link from the model's answer: http(s) only, and only after the
// person has seen the whole URL and said yes. A model can be talked into
// writing any link; it must not be able to open one.
import * as vscode from 'vscode';
import { visible } from '../../policy';
import { refuseLink } from './webview-messages';

/** Checks, confirms and opens `href`; says why when it will not. */
export async function openModelLink(href: string): Promise<void> {
  const refused = refuseLink(href);
  if (refused) {
    void vscode.window.showWarningMessage(`Clawdock did not open the link from the agent's answer: ${refused}.`);
    return;
  }
  const url = new URL(href);
  const open = 'Open Link';
  const choice = await vscode.window.showWarningMessage(
    `Open this link from the agent's answer in your browser?`,
    { modal: true, detail: `${visible(url.href)}\n\nHost: ${visible(url.host)}\nThe link was written by the model; open it only if you expected it.` },
    open,
  );
  if (choice === open) await vscode.env.openExternal(vscode.Uri.parse(url.href, true));
}
