// Turns what the agent says (its event stream, or a saved transcript) into
// panel events: control characters, ANSI escapes and bidirectional overrides
// made visible, long text capped. Plain Node, tested beside.
import type { AgentEvent, ApprovalOutcome as AgentApprovalOutcome } from '../../agent';
import type { ApprovalItem, ApprovalOutcome } from '../../approvals';
import { approvalSummary } from '../../approvals';
import type { TranscriptEntry } from '../../agent/transcript';
import { visible } from '../../policy';
import type { PanelApproval, PanelEvent } from './panel-events';
import { PANEL_TEXT_LIMIT } from './panel-events';

/** Text as the panel may show it: invisible and direction-changing characters escaped, newlines and tabs kept, capped. */
export function displayText(text: string, limit = PANEL_TEXT_LIMIT): string {
  const shown = visible(text.replace(/\r\n/g, '\n')).replace(/\\u\{000A\}/g, '\n').replace(/\\u\{0009\}/g, '\t');
  if (shown.length <= limit) return shown;
  const half = Math.floor(limit / 2);
  return `${shown.slice(0, half)}\n… ${shown.length - 2 * half} characters not shown …\n${shown.slice(-half)}`;
}

/** The panel events for one agent event (none for the ones the panel does not show). */
export function panelEventsOf(event: AgentEvent): PanelEvent[] {
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
      const s = event.subject;
      const summary = s.kind === 'command' ? `run ${s.commandLine}` : s.kind === 'edit' ? `${s.before === null ? 'create' : 'edit'} ${s.path}${s.protectedPath ? ' (protected path)' : ''}` : `${s.tool} ${s.path}`;
      return [{ kind: 'approval', approval: { callId: event.callId, kind: s.kind, summary: displayText(summary, 2000), status: 'waiting', reasons } }];
    }
    case 'approval-resolved':
      return [{ kind: 'approval-outcome', callId: event.callId, status: event.outcome.status, outcome: describeOutcome(event.outcome) }];
    case 'tool-call-running':
      return [{ kind: 'running', callId: event.callId, summary: displayText(event.summary, 2000) }];
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
    summary: displayText(approvalSummary(item), 2000),
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
    return displayText(`(malformed arguments) ${rawArguments}`, 300);
  }
  const a = (args && typeof args === 'object' ? args : {}) as Record<string, unknown>;
  const str = (key: string) => (typeof a[key] === 'string' ? (a[key] as string) : undefined);
  const main = str('command') ?? str('path') ?? str('pattern') ?? str('query');
  return displayText(main ?? rawArguments, 300);
}

/** Who answered an approval and how, or why it ended without an answer (the agent's and the queue's outcomes share these fields). */
function describeOutcome(o: AgentApprovalOutcome | ApprovalOutcome): string {
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
