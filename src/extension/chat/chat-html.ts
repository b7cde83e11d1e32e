// The chat webview's HTML: a static skeleton (no model data: the script fills
// it in from messages), a strict Content Security Policy with a fresh nonce,
// and only local resources from media/. Plain Node, tested beside.
import { randomBytes } from 'node:crypto';

/** Where the page's resources are, as webview URIs. */
export interface ChatHtmlResources {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  /** Defaults to a fresh random nonce. */
  readonly nonce?: string;
}

/** A nonce for one page load. */
export function newNonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, '');
}

/** The CSP: nothing by default; the nonce'd script; styles and fonts from the extension; images from it or data URIs. */
export function chatCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

/** The page. */
export function chatHtml(resources: ChatHtmlResources): string {
  const nonce = resources.nonce ?? newNonce();
  const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(chatCsp(resources.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${attr(resources.styleUri)}">
<title>Clawdock Chat</title>
</head>
<body data-busy="false">
<header class="toolbar" role="toolbar" aria-label="Chat">
  <select id="session" aria-label="Session" title="Reopen a saved session, or start a new one"><option value="">New session</option></select>
  <button id="new-session" type="button" class="icon" aria-label="New session" title="New session">+</button>
  <button id="model" type="button" class="model" aria-label="Change provider or model" title="Change provider or model">…</button>
</header>
<div id="banner" class="banner" role="status" hidden></div>
<main id="messages" class="messages" role="log" aria-live="polite" aria-label="Conversation" tabindex="0">
  <p id="empty" class="empty">Describe a task. The agent works in this folder's sandbox; commands and edits that need you show up here and in the editor.</p>
</main>
<form id="composer" class="composer" aria-label="New task">
  <textarea id="task" rows="3" aria-label="Task for the agent" placeholder="Describe a task (Enter sends, Shift+Enter for a new line)"></textarea>
  <div class="composer-actions">
    <button id="send" type="submit" class="primary" aria-label="Send task">Send</button>
    <button id="stop" type="button" class="danger" aria-label="Stop the task" hidden>Stop</button>
  </div>
</form>
<script nonce="${nonce}" src="${attr(resources.scriptUri)}"></script>
</body>
</html>`;
}
