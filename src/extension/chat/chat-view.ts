// The sidebar webview view: its page (strict CSP, only media/ reachable) and
// the message plumbing. What it shows and what a message does is the host's
// (ChatHost) business; messages that do not validate are dropped here.
import * as vscode from 'vscode';
import { DisposableStore } from '../../core/disposable';
import type { Logger } from '../../core/logger';
import { chatHtml } from './chat-html';
import type { HostMessage } from './panel-events';
import type { WebviewMessage } from './webview-messages';
import { parseWebviewMessage } from './webview-messages';
import { CHAT_VIEW_ID } from '../contribution-ids';

/** Owns the webview while it exists (the activation shell hands it over); posts to it and hands validated messages on. */
export class ChatView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly subscriptions = new DisposableStore();
  private readonly _onDidBecomeVisible = new vscode.EventEmitter<void>();
  /** Fires when the view is created or shown again. */
  readonly onDidBecomeVisible = this._onDidBecomeVisible.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly onMessage: (message: WebviewMessage) => void,
    private readonly logger: Logger,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [media] };
    view.webview.html = chatHtml({
      cspSource: view.webview.cspSource,
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'chat', 'main.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'chat', 'chat.css')).toString(),
    });
    this.subscriptions.add(view.webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseWebviewMessage(raw);
      // The webview is a renderer: anything it sends that we do not know is ignored, never guessed at.
      if (!message) {
        this.logger.warn('chat: ignored a message from the webview that is not one the panel sends');
        return;
      }
      this.onMessage(message);
    }));
    this.subscriptions.add(view.onDidChangeVisibility(() => {
      if (view.visible) this._onDidBecomeVisible.fire();
    }));
    this.subscriptions.add(view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    }));
  }

  /** Whether the webview exists (it may be hidden). */
  get resolved(): boolean {
    return this.view !== undefined;
  }

  /** Posts to the webview if it exists; a hidden one gets everything again on `ready`. */
  post(message: HostMessage): void {
    void this.view?.webview.postMessage(message);
  }

  /** Reveals the view (creating it), focusing it unless `preserveFocus`. */
  async reveal(preserveFocus = false): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`, { preserveFocus });
  }

  dispose(): void {
    this.subscriptions.dispose();
    this._onDidBecomeVisible.dispose();
  }
}
