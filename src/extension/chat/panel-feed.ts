// Turns what the agent says (its event stream, or a saved transcript) into
// panel events: every hidden character made visible by the one sanitiser, long
// text cut honestly, and approvals rendered by the one proposal renderer
// (src/approvals/render) so the card says what the proposal document says.
// Plain Node, tested beside.
import type { AgentEvent } from '../../agent';
import type { ApprovalItem, ApprovalOutcome, ApprovalSubject } from '../../approvals';
import { editNotes, proposalFacts, proposalSummary } from '../../approvals';
import type { TranscriptEntry } from '../../agent/transcript';
import type { Caller } from '../../core/caller';
import { excerpt } from '../../core/display';
import type { PanelApproval, PanelEvent } from './panel-events';
import { PANEL_TEXT_LIMIT } from './panel-events';

/** Most characters of a proposal a card shows; a longer one is shown cut and approved from its document. */
export const CARD_TEXT_CHARS = 2000;
/** Most characters of a call's one-line summary on the tool card's header. */
export const HEADER_CHARS = 300;

/**
 * Text as the panel may show it: hidden characters escaped, newlines and tabs
 * kept (CRLF as one newline), and when longer than `limit` its start and real
 * end around an honest count of what is not shown.
 */
export function displayText(text: string, limit = PANEL_TEXT_LIMIT): string {
  return excerpt(text.replace(/\r\n/g, '\n'), { limit, lines: 'keep' }).text;
}

/** What a card shows of an approval: the proposal (every character visible, cut honestly), its facts and notes. */
export function approvalView(subject: ApprovalSubject, caller: Caller): Pick<PanelApproval, 'summary' | 'text' | 'whole' | 'hidden' | 'total' | 'facts' | 'notes'> {
  const card = proposalSummary(subject, { limit: CARD_TEXT_CHARS, lines: 'mark' });
  const notes = subject.kind === 'edit' ? editNotes(subject).notes : [];
  return {
    summary: proposalSummary(subject, { limit: HEADER_CHARS }).text,
    text: card.text,
    whole: card.whole,
    hidden: card.hidden,
    total: card.total,
    facts: proposalFacts({ subject, caller }),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/**
 * The panel events for one agent event (none for the ones the panel does not
 * show); `caller` is who the turn works for (shown with its approvals).
 */
export function panelEventsOf(event: AgentEvent, caller: Caller = { profile: 'owner', surface: 'chat', id: 'owner' }): PanelEvent[] {
  switch (event.type) {
    case 'turn-started':
      return [{ kind: 'user', text: displayText(event.task) }];
    case 'text-delta':
      // Deltas are small; capping each would cut markdown mid-token, the whole answer is bounded by the model.
      return [{ kind: 'text', text: displayText(event.text, Number.MAX_SAFE_INTEGER) }];
    case 'tool-call-proposed':
      return [{ kind: 'tool', callId: event.callId, tool: displayText(event.tool, 100), summary: summarizeCall(event.arguments) }];
    case 'tool-call-decided':
      return [{
        kind: 'decision', callId: event.callId, decision: event.decision, rule: displayText(event.rule, 200), source: event.source,
        reasons: event.reasons.map((r) => displayText(r, 2000)), ...(event.taint ? { taint: displayText(event.taint, 2000) } : {}),
      }];
    case 'approval-requested': {
      const reasons = event.reasons.map((r) => displayText(r, 2000));
      if (event.taint && !event.reasons.includes(event.taint)) reasons.unshift(displayText(`Automatic approval is suspended: ${event.taint}`, 2000));
      return [{ kind: 'approval', approval: { callId: event.callId, kind: event.subject.kind, ...approvalView(event.subject, caller), status: 'waiting', reasons } }];
    }
    case 'approval-resolved':
      return [{ kind: 'approval-outcome', callId: event.callId, status: event.outcome.status, outcome: describeOutcome(event.outcome) }];
    case 'tool-call-running':
      // The header keeps the call as proposed (every character, newlines marked); the loop's one-line account flattens them.
      return [{ kind: 'running', callId: event.callId, summary: '' }];
    case 'tool-output':
      return [{ kind: 'output', callId: event.callId, text: displayText(event.text) }];
    case 'tool-call-finished':
      return [{ kind: 'finished', callId: event.callId, status: event.status, isError: event.isError, content: displayText(event.content), durationMs: Math.round(event.durationMs) }];
    case 'tainted':
      return [{ kind: 'notice', level: 'warning', text: displayText(`Untrusted content is in this turn; automatic approvals are suspended: ${event.reason}`, 2000) }];
    case 'context-trimmed':
      return [{ kind: 'notice', level: 'info', text: displayText(event.note, 2000) }];
    case 'turn-finished':
      return [{ kind: 'stop', reason: event.stop.reason, message: displayText(event.stop.message, 4000), totals: event.totals }];
    case 'model-request':
    case 'usage':
      return [];
  }
}

/** What the queue says about an approval the agent asked for, for the card's buttons. */
export function panelApprovalOf(item: ApprovalItem): PanelApproval {
  const hunks = item.hunks ? { hunks: { count: item.hunks.count, accepted: item.hunks.accepted.length, rejected: item.hunks.rejected.length } } : {};
  return {
    callId: item.toolCall.callId ?? item.id,
    approvalId: item.id,
    kind: item.kind,
    ...approvalView(item.subject, item.caller),
    status: item.status,
    reasons: item.decision.reasons.map((r) => displayText(r, 2000)),
    ...(item.outcome ? { outcome: describeOutcome(item.outcome) } : {}),
    ...hunks,
  };
}

/** The panel events that replay a saved session. */
export function panelEventsOfTranscript(entries: readonly TranscriptEntry[]): PanelEvent[] {
  const out: PanelEvent[] = [];
  for (const entry of entries) {
    if (entry.type === 'task') out.push({ kind: 'user', text: displayText(entry.text) });
    else if (entry.type === 'stop') out.push({ kind: 'stop', reason: entry.reason, message: displayText(entry.message, 4000) });
    else if (entry.turn.role === 'assistant') {
      if (entry.turn.text) out.push({ kind: 'text', text: displayText(entry.turn.text, Number.MAX_SAFE_INTEGER) });
      for (const call of entry.turn.toolCalls) out.push({ kind: 'tool', callId: call.id, tool: displayText(call.name, 100), summary: summarizeCall(call.arguments) });
    } else if (entry.turn.role === 'tool-result') {
      out.push({ kind: 'finished', callId: entry.turn.toolCallId, status: entry.turn.isError ? 'error' : 'ran', isError: entry.turn.isError === true, content: displayText(entry.turn.content) });
    }
    // User turns repeat the task line before them.
  }
  return out;
}

/** One line for a tool call from the model's raw arguments (which may be malformed); the card shows the tool's name beside it. */
export function summarizeCall(rawArguments: string): string {
  let args: unknown;
  try {
    args = JSON.parse(rawArguments);
  } catch {
    return excerpt(`(malformed arguments) ${rawArguments}`, { limit: HEADER_CHARS, lines: 'mark' }).text;
  }
  const a = (args && typeof args === 'object' ? args : {}) as Record<string, unknown>;
  const str = (key: string) => (typeof a[key] === 'string' ? (a[key] as string) : undefined);
  const main = str('command') ?? str('path') ?? str('pattern') ?? str('query');
  // Every character visible, a newline as a mark and a line break: a second command cannot hide on the header.
  return excerpt(main ?? rawArguments, { limit: HEADER_CHARS, lines: 'mark' }).text;
}

/** Who answered an approval and how, or why it ended without an answer. */
function describeOutcome(o: ApprovalOutcome): string {
  switch (o.status) {
    case 'approved':
    case 'partially-approved':
    case 'rejected':
      return displayText(`by ${o.by} via ${o.surface}${o.note ? `: ${o.note}` : ''}`, 2000);
    case 'expired':
      return `unanswered after ${Math.round(o.afterMs / 1000)} s`;
    case 'cancelled':
      return displayText(o.reason, 2000);
  }
}
