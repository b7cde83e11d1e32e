// The webview's model of the conversation: panel events from the host folded
// into items (messages, tool cards, notices). Display state only; the host
// decides everything and re-sends the events when the view comes back. Plain
// TypeScript, no DOM: tested in Node.
import type { PanelApproval, PanelApprovalStatus, PanelEvent, PanelToolStatus, PanelTotals } from '../panel-events';

/** Most characters of live output kept per tool card (its tail). */
export const OUTPUT_TAIL_CHARS = 8000;

/** A tool call as its card shows it. */
export interface ToolItem {
  readonly type: 'tool';
  readonly id: string;
  tool: string;
  summary: string;
  status: 'proposed' | 'running' | PanelToolStatus;
  decision?: { decision: string; rule: string; source: string; reasons: readonly string[]; taint?: string };
  approval?: PanelApproval;
  output: string;
  /** Characters of earlier output no longer kept (only the tail is). */
  outputDropped?: number;
  content?: string;
  isError?: boolean;
  durationMs?: number;
}

/** One thing in the conversation. */
export type ChatItem =
  | { readonly type: 'user'; readonly id: string; text: string }
  | { readonly type: 'assistant'; readonly id: string; text: string }
  | ToolItem
  | { readonly type: 'notice'; readonly id: string; readonly level: 'info' | 'warning' | 'error'; readonly text: string }
  | { readonly type: 'changes'; readonly id: string; waiting: number; held: number }
  | { readonly type: 'stop'; readonly id: string; readonly reason: string; readonly message: string; readonly totals?: PanelTotals };

/** The conversation as shown; `apply` says which item changed so only it is redrawn. */
export class PanelModel {
  readonly items: ChatItem[] = [];
  private readonly tools = new Map<string, ToolItem>();
  private next = 0;

  clear(): void {
    this.items.length = 0;
    this.tools.clear();
    this.next = 0;
  }

  /** Folds one event in; returns the item added or changed. */
  apply(event: PanelEvent): ChatItem {
    switch (event.kind) {
      case 'user':
        return this.add({ type: 'user', id: this.id(), text: event.text });
      case 'text': {
        const last = this.items[this.items.length - 1];
        if (last?.type === 'assistant') {
          last.text += event.text;
          return last;
        }
        return this.add({ type: 'assistant', id: this.id(), text: event.text });
      }
      case 'tool': {
        const tool = this.tool(event.callId);
        tool.tool = event.tool;
        tool.summary = event.summary;
        return tool;
      }
      case 'decision': {
        const tool = this.tool(event.callId);
        tool.decision = { decision: event.decision, rule: event.rule, source: event.source, reasons: event.reasons, ...(event.taint ? { taint: event.taint } : {}) };
        return tool;
      }
      case 'approval': {
        const tool = this.tool(event.approval.callId);
        // The queue's view (with its id) wins over the agent's first word; an answer is never undone by a late "waiting".
        if (!(tool.approval && isAnswered(tool.approval.status) && !isAnswered(event.approval.status))) {
          tool.approval = { ...tool.approval, ...event.approval, ...(tool.approval?.approvalId && !event.approval.approvalId ? { approvalId: tool.approval.approvalId } : {}) };
        }
        return tool;
      }
      case 'approval-outcome': {
        const tool = this.tool(event.callId);
        const base = tool.approval ?? { callId: event.callId, kind: 'command' as const, summary: tool.summary, reasons: [] };
        tool.approval = { ...base, status: event.status, outcome: event.outcome };
        return tool;
      }
      case 'running': {
        const tool = this.tool(event.callId);
        tool.status = 'running';
        if (event.summary) tool.summary = event.summary;
        return tool;
      }
      case 'output': {
        const tool = this.tool(event.callId);
        const all = tool.output + event.text;
        if (all.length > OUTPUT_TAIL_CHARS) tool.outputDropped = (tool.outputDropped ?? 0) + all.length - OUTPUT_TAIL_CHARS;
        tool.output = all.slice(-OUTPUT_TAIL_CHARS);
        return tool;
      }
      case 'finished': {
        const tool = this.tool(event.callId);
        tool.status = event.status;
        tool.content = event.content;
        tool.isError = event.isError;
        if (event.durationMs !== undefined) tool.durationMs = event.durationMs;
        return tool;
      }
      case 'notice':
        return this.add({ type: 'notice', id: this.id(), level: event.level, text: event.text });
      case 'changes': {
        // One card says where the change set stands: a newer count replaces the card right above it.
        const last = this.items[this.items.length - 1];
        if (last?.type === 'changes') {
          last.waiting = event.waiting;
          last.held = event.held;
          return last;
        }
        return this.add({ type: 'changes', id: this.id(), waiting: event.waiting, held: event.held });
      }
      case 'stop':
        return this.add({ type: 'stop', id: this.id(), reason: event.reason, message: event.message, ...(event.totals ? { totals: event.totals } : {}) });
    }
  }

  /** Approvals still waiting for the owner, for the header count. */
  pendingApprovals(): number {
    return [...this.tools.values()].filter((t) => t.approval?.status === 'pending' || t.approval?.status === 'waiting').length;
  }

  private tool(callId: string): ToolItem {
    let tool = this.tools.get(callId);
    if (!tool) {
      tool = { type: 'tool', id: `tool-${callId}`, tool: '', summary: '', status: 'proposed', output: '' };
      this.tools.set(callId, tool);
      this.items.push(tool);
    }
    return tool;
  }

  private add<T extends ChatItem>(item: T): T {
    this.items.push(item);
    return item;
  }

  private id(): string {
    return `item-${this.next++}`;
  }
}

/** Whether an approval has its answer (or ended without one). */
export function isAnswered(status: PanelApprovalStatus): boolean {
  return status !== 'waiting' && status !== 'pending';
}
