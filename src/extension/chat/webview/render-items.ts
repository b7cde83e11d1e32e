/// <reference lib="dom" />
// One DOM element per conversation item. Tool calls are collapsible cards
// (<details>, keyboard accessible as is) with the policy's decision, the
// approval mirrored from the queue, and the output; approval buttons carry the
// queue's approval id and only ask the host, which runs the same
// `clawdock.approval.*` command as the editor's lenses.
import type { PanelApproval } from '../panel-events';
import { el } from './dom';
import type { ChatItem, ToolItem } from './panel-model';
import { isAnswered } from './panel-model';
import { renderMarkdown } from './render-markdown';

/** Characters of a result shown on a card (the rest is in the transcript and the audit log). */
const RESULT_CHARS = 4000;

const STATUS_TEXT: Record<ToolItem['status'], string> = {
  proposed: 'proposed', running: 'running…', ran: 'done', refused: 'refused', rejected: 'rejected', expired: 'expired',
  cancelled: 'cancelled', 'dry-run': 'dry-run', failed: 'failed', skipped: 'not run', error: 'error',
};

const ANSWERED_TEXT: Partial<Record<PanelApproval['status'], string>> = {
  approved: 'Approved', 'partially-approved': 'Partly approved', rejected: 'Rejected', expired: 'Expired', cancelled: 'Cancelled',
};

/** Renders an item; `open` says whether a tool card is expanded. */
export function renderItem(item: ChatItem, open: boolean): HTMLElement {
  switch (item.type) {
    case 'user':
      return el('div', { class: 'msg user', 'data-kind': 'user', 'data-id': item.id }, el('div', { class: 'who' }, 'You'), el('div', { class: 'body plain' }, item.text));
    case 'assistant': {
      const body = el('div', { class: 'body md' });
      body.appendChild(renderMarkdown(item.text));
      return el('div', { class: 'msg assistant', 'data-kind': 'assistant', 'data-id': item.id }, el('div', { class: 'who' }, 'Agent'), body);
    }
    case 'notice':
      return el('div', { class: `notice ${item.level}`, 'data-kind': 'notice', 'data-level': item.level, 'data-id': item.id, role: item.level === 'error' ? 'alert' : undefined }, item.text);
    case 'stop': {
      const t = item.totals;
      const totals = t ? ` · ${t.modelCalls} model call(s), ${t.toolCalls} tool call(s), ${t.inputTokens + t.outputTokens} tokens${t.costUsd !== undefined ? `, ~$${t.costUsd.toFixed(3)}` : ''}` : '';
      const text = item.reason === 'finished' ? `Finished${totals}` : `${item.message}${totals}`;
      return el('div', { class: `stop ${item.reason}`, 'data-kind': 'stop', 'data-reason': item.reason, 'data-id': item.id }, text);
    }
    case 'tool':
      return renderTool(item, open);
    case 'changes':
      return renderChanges(item.id, item.waiting, item.held);
  }
}

/** "N changes wait for review (M held)", with a button that shows the Changes view. Numbers only: nothing here comes from a model or a file. */
function renderChanges(id: string, waiting: number, held: number): HTMLElement {
  const text = `${waiting} ${waiting === 1 ? 'change waits' : 'changes wait'} for review${held > 0 ? ` (${held} held)` : ''}`;
  return el('div', { class: `notice changes${held > 0 ? ' warning' : ''}`, 'data-kind': 'changes', 'data-id': id, role: 'status' },
    el('span', {}, `${text} `),
    el('button', { type: 'button', class: 'secondary', 'data-action': 'showChanges', 'aria-label': `${text}: show the Changes view` }, 'Review Changes'));
}

function renderTool(item: ToolItem, open: boolean): HTMLElement {
  const d = item.decision;
  const details = el('details', { class: 'tool-details', open },
    el('summary', { 'aria-label': `Tool call ${item.tool}: ${item.summary}, ${STATUS_TEXT[item.status]}` },
      el('span', { class: 'tool-name' }, item.tool || 'tool'),
      el('span', { class: 'tool-summary' }, item.summary),
      el('span', { class: `badge status-${item.status}`, 'data-role': 'status' }, STATUS_TEXT[item.status]),
    ),
    el('div', { class: 'tool-body' },
      d && el('p', { class: 'decision', 'data-decision': d.decision },
        el('strong', {}, `Policy: ${d.decision}`), ` — rule ${d.rule} (${d.source})`),
      d && d.reasons.length > 0 && el('ul', { class: 'reasons' }, ...d.reasons.map((r) => el('li', {}, r))),
      d?.taint && el('p', { class: 'taint' }, `Untrusted content: ${d.taint}`),
      item.output && el('pre', { class: 'output', tabindex: '0', 'aria-label': 'Output' },
        item.outputDropped ? `… ${item.outputDropped.toLocaleString('en-US')} characters of earlier output are not shown …\n${item.output}` : item.output),
      item.content !== undefined && el('pre', { class: `result${item.isError ? ' error' : ''}`, tabindex: '0', 'aria-label': 'Result sent to the model' }, tail(item.content, RESULT_CHARS)),
      item.durationMs !== undefined && el('p', { class: 'duration' }, `${item.durationMs} ms`),
    ),
  );
  return el('div', {
    class: 'tool-card', 'data-kind': 'tool', 'data-id': item.id, 'data-call-id': item.id.replace(/^tool-/, ''), 'data-status': item.status,
    'data-decision': d?.decision,
  }, details, item.approval && renderApproval(item.approval));
}

function renderApproval(a: PanelApproval): HTMLElement {
  const pending = a.status === 'pending' && a.approvalId !== undefined;
  const hunks = a.hunks ? ` (${a.hunks.accepted} of ${a.hunks.count} hunk(s) accepted, ${a.hunks.rejected} rejected)` : '';
  const label = isAnswered(a.status) ? `${ANSWERED_TEXT[a.status] ?? a.status}${a.outcome ? ` — ${a.outcome}` : ''}` : a.status === 'waiting' ? 'Waiting for approval…' : `Needs your approval${hunks}`;
  const whole = a.whole !== false;
  const buttons = pending ? approvalButtons(a, whole) : [];
  return el('div', {
    class: `approval ${a.status}`, role: 'group', 'aria-label': `Approval: ${a.summary}`,
    'data-approval-id': a.approvalId, 'data-approval-status': a.status, 'data-approval-kind': a.kind, 'data-whole': String(whole),
  },
  el('p', { class: 'approval-state' }, label),
  // The proposal as text, every character visible (the host escaped them): pre-wrap keeps its lines and wraps long ones.
  el('pre', { class: 'approval-text', tabindex: '0', 'aria-label': whole ? 'What is asked' : 'What is asked (cut)' }, a.text ?? a.summary),
  !whole && el('p', { class: 'approval-cut', role: 'note' },
    `Too long to show whole here: ${count(a.hidden)} of ${count(a.total)} characters are not shown. Read and approve it in its proposal document (Show Proposal).`),
  a.facts && a.facts.length > 0 && el('dl', { class: 'approval-facts' }, ...a.facts.flatMap((f) => [el('dt', {}, f.label), el('dd', {}, f.value)])),
  a.notes && a.notes.length > 0 && el('ul', { class: 'approval-notes', role: 'note' }, ...a.notes.map((n) => el('li', {}, n))),
  !isAnswered(a.status) && a.reasons.length > 0 && el('ul', { class: 'reasons' }, ...a.reasons.map((r) => el('li', {}, r))),
  a.status === 'waiting' && a.kind === 'read' && el('p', {}, 'Answer in the dialog VS Code shows.'),
  buttons.length > 0 && el('div', { class: 'approval-actions' }, ...buttons));
}

/**
 * The card's answers. Approve only beside a proposal shown whole; an edit is
 * accepted in its diff, where every hunk is shown (the card shows no content).
 */
function approvalButtons(a: PanelApproval, whole: boolean): HTMLButtonElement[] {
  const id = a.approvalId as string;
  const button = (action: string, text: string, aria: string, primary = false) =>
    el('button', { type: 'button', class: primary ? 'primary' : 'secondary', 'data-action': action, 'data-approval-id': id, 'aria-label': aria }, text);
  if (a.kind === 'edit') {
    return [
      button('open', 'Review Diff', `Review the diff in the editor, and accept or reject its hunks there: ${a.summary}`, true),
      button('rejectAll', 'Reject All', `Reject all hunks: ${a.summary}`),
    ];
  }
  return [
    ...(whole ? [button('approve', 'Approve', `Approve: ${a.summary}`, true)] : []),
    button('reject', 'Reject', `Reject: ${a.summary}`),
    button('explain', 'Explain', `Explain the decision: ${a.summary}`),
    button('open', 'Show Proposal', `Show the whole proposal in the editor: ${a.summary}`, !whole),
  ];
}

function count(n: number | undefined): string {
  return n === undefined ? 'some' : n.toLocaleString('en-US');
}

function tail(text: string, chars: number): string {
  return text.length <= chars ? text : `… ${(text.length - chars).toLocaleString('en-US')} characters above are not shown …\n${text.slice(-chars)}`;
}
