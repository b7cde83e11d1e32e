/// <reference lib="dom" />
// The chat webview: renders what the host sends and tells the host what the
// person clicked or typed. It holds no policy or approval state of its own;
// only UI state (the draft, which cards are open) is kept with setState, and
// the host re-sends the conversation on `ready`.
import type { HostMessage, PanelStatus } from '../panel-events';
import { el } from './dom';
import { PanelModel } from './panel-model';
import { renderItem } from './render-items';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What survives the view being hidden: UI only. */
interface UiState {
  readonly draft: string;
  readonly open: readonly string[];
}

const vscode = acquireVsCodeApi();
const saved = (vscode.getState() ?? {}) as Partial<UiState>;
const openCards = new Set<string>(Array.isArray(saved.open) ? saved.open.filter((x): x is string => typeof x === 'string') : []);
const model = new PanelModel();
const nodes = new Map<string, HTMLElement>();
const dirty = new Set<string>();
let frame = 0;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const messages = $<HTMLElement>('messages');
const input = $<HTMLTextAreaElement>('task');
const form = $<HTMLFormElement>('composer');
const sendButton = $<HTMLButtonElement>('send');
const stopButton = $<HTMLButtonElement>('stop');
const sessionSelect = $<HTMLSelectElement>('session');
const newSessionButton = $<HTMLButtonElement>('new-session');
const modelButton = $<HTMLButtonElement>('model');
const banner = $<HTMLElement>('banner');
const empty = $<HTMLElement>('empty');
let status: PanelStatus | undefined;

input.value = typeof saved.draft === 'string' ? saved.draft : '';

function post(message: unknown): void {
  vscode.postMessage(message);
}

function saveState(): void {
  const state: UiState = { draft: input.value, open: [...openCards] };
  vscode.setState(state);
}

function nearBottom(): boolean {
  return messages.scrollHeight - messages.scrollTop - messages.clientHeight < 40;
}

/** Redraws changed items on the next frame: streamed text arrives faster than it is worth drawing. */
function schedule(id: string): void {
  dirty.add(id);
  if (frame === 0) frame = requestAnimationFrame(flush);
}

function flush(): void {
  frame = 0;
  const stick = nearBottom();
  for (const item of model.items) {
    if (!dirty.has(item.id)) continue;
    const fresh = renderItem(item, openCards.has(item.id));
    const old = nodes.get(item.id);
    if (old) {
      // Keep focus on a button that is redrawn (e.g. after Approve the card changes under it).
      const focused = old.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.action : undefined;
      old.replaceWith(fresh);
      if (focused) (fresh.querySelector(`[data-action="${focused}"]`) as HTMLElement | null)?.focus();
    } else messages.appendChild(fresh);
    nodes.set(item.id, fresh);
  }
  dirty.clear();
  empty.hidden = model.items.length > 0;
  if (stick) messages.scrollTop = messages.scrollHeight;
}

function reset(): void {
  model.clear();
  nodes.clear();
  dirty.clear();
  for (const node of Array.from(messages.children)) if (node !== empty) node.remove();
}

function applyStatus(next: PanelStatus): void {
  status = next;
  sendButton.hidden = next.busy;
  stopButton.hidden = !next.busy;
  sendButton.disabled = next.disabled !== undefined;
  input.disabled = next.disabled !== undefined;
  modelButton.textContent = next.model;
  modelButton.setAttribute('aria-label', `Model: ${next.model}. Change provider or model`);
  banner.textContent = next.disabled ?? '';
  banner.hidden = next.disabled === undefined;
  document.body.dataset.busy = String(next.busy);
  const options = [el('option', { value: '' }, next.sessionId === null ? 'New session' : 'Start a new session')];
  for (const s of next.sessions) options.push(el('option', { value: s.id, selected: s.id === next.sessionId }, `${s.title} — ${s.updatedAt.slice(0, 16).replace('T', ' ')}`));
  if (next.sessionId !== null && !next.sessions.some((s) => s.id === next.sessionId)) options.push(el('option', { value: next.sessionId, selected: true }, 'Current session'));
  sessionSelect.replaceChildren(...options);
  sessionSelect.disabled = next.busy;
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = event.data as HostMessage;
  switch (message?.type) {
    case 'reset':
      reset();
      applyStatus(message.status);
      for (const e of message.events) schedule(model.apply(e).id);
      if (message.events.length === 0) flush();
      break;
    case 'events':
      for (const e of message.events) schedule(model.apply(e).id);
      break;
    case 'status':
      applyStatus(message.status);
      break;
    case 'focus':
      if (typeof message.text === 'string') input.value = message.text;
      input.focus();
      saveState();
      break;
  }
});

function send(): void {
  const text = input.value.trim();
  if (text === '' || status?.busy || status?.disabled !== undefined) return;
  post({ type: 'send', text });
  input.value = '';
  saveState();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  send();
});
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    send();
  }
});
input.addEventListener('input', saveState);
stopButton.addEventListener('click', () => post({ type: 'cancel' }));
newSessionButton.addEventListener('click', () => post({ type: 'newSession' }));
modelButton.addEventListener('click', () => post({ type: 'pickModel' }));
sessionSelect.addEventListener('change', () => {
  post(sessionSelect.value === '' ? { type: 'newSession' } : { type: 'openSession', sessionId: sessionSelect.value });
});

messages.addEventListener('click', (event) => {
  const target = event.target as HTMLElement;
  const action = target.closest<HTMLElement>('button[data-action]');
  if (action?.dataset.approvalId) {
    post({ type: 'approval', action: action.dataset.action, approvalId: action.dataset.approvalId });
    return;
  }
  if (action?.dataset.action === 'showChanges') {
    post({ type: 'showChanges' });
    return;
  }
  const link = target.closest<HTMLElement>('a[data-href]');
  if (link?.dataset.href) {
    event.preventDefault();
    post({ type: 'openLink', href: link.dataset.href });
  }
});
messages.addEventListener('keydown', (event) => {
  const link = (event.target as HTMLElement).closest<HTMLElement>('a[data-href]');
  if (link?.dataset.href && (event.key === 'Enter' || event.key === ' ')) {
    event.preventDefault();
    post({ type: 'openLink', href: link.dataset.href });
  }
});
// `toggle` does not bubble: listen while it is captured.
messages.addEventListener('toggle', (event) => {
  const details = event.target as HTMLDetailsElement;
  const card = details.closest<HTMLElement>('[data-id]');
  if (!card?.dataset.id) return;
  if (details.open) openCards.add(card.dataset.id);
  else openCards.delete(card.dataset.id);
  saveState();
}, true);

post({ type: 'ready' });
