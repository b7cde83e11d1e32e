// What the chat panel shows, as the host sends it: a display-ready stream of
// panel events (the agent's events made safe and small, plus the approval
// queue's state for the calls of the session). The webview only folds these
// into a view; it never decides anything. Plain TypeScript: the host and the
// webview bundle both import it.

/** How a tool call ended (the agent's ToolCallStatus). */
export type PanelToolStatus = 'ran' | 'refused' | 'rejected' | 'expired' | 'cancelled' | 'dry-run' | 'failed' | 'skipped'
  /** Read back from a transcript: the result was an error (refused, rejected or failed; the transcript does not say which). */
  | 'error';

/** Where an approval stands, as the queue says (`waiting` until the queue holds it). */
export type PanelApprovalStatus = 'waiting' | 'pending' | 'approved' | 'partially-approved' | 'rejected' | 'expired' | 'cancelled';

/** A labelled fact shown beside an approval (`cwd`, `env`, `timeout`, `asked by` …), its value visible. */
export interface PanelFact {
  readonly label: string;
  readonly value: string;
}

/**
 * An approval mirrored from the queue: the ids the buttons act on, and what it
 * is about, rendered by the one proposal renderer (src/approvals/render).
 */
export interface PanelApproval {
  readonly callId: string;
  /** The queue's id: the same id the editor's lenses pass to `clawdock.approval.*`. Absent until queued (or for reads). */
  readonly approvalId?: string;
  readonly kind: 'command' | 'edit' | 'read';
  /** One line for labels: hidden characters escaped, cut honestly. */
  readonly summary: string;
  /**
   * What is asked, as the card shows it: every character visible, a newline as
   * `⏎` and a line break, a tab as `⇥`; when long, its start and real end around
   * a marker saying how much is not shown.
   */
  readonly text?: string;
  /** False when `text` leaves part out: the card then offers no Approve, only the proposal document. */
  readonly whole?: boolean;
  /** Code points of the proposal not shown on the card, and in all. */
  readonly hidden?: number;
  readonly total?: number;
  /** Where and how a command runs, and who asked. */
  readonly facts?: readonly PanelFact[];
  /** What a person could miss in an edit (whitespace-only hunks, line endings, invisible characters). */
  readonly notes?: readonly string[];
  readonly status: PanelApprovalStatus;
  /** Why the policy asks (and the taint, when auto-approval is suspended). */
  readonly reasons: readonly string[];
  /** Who answered and how, once answered. */
  readonly outcome?: string;
  /** Edits: hunks decided so far. */
  readonly hunks?: { readonly count: number; readonly accepted: number; readonly rejected: number };
}

/** Totals of the task so far. */
export interface PanelTotals {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly modelCalls: number;
  readonly toolCalls: number;
  readonly costUsd?: number;
}

/** One thing to show, in order. */
export type PanelEvent =
  | { readonly kind: 'user'; readonly text: string }
  /** A piece of the assistant's answer (markdown, appended to the current answer). */
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'tool'; readonly callId: string; readonly tool: string; readonly summary: string }
  | {
    readonly kind: 'decision'; readonly callId: string; readonly decision: string; readonly rule: string; readonly source: string;
    readonly reasons: readonly string[]; readonly taint?: string;
  }
  /** An approval asked for, or its state in the queue (replaces what was shown for the call). */
  | { readonly kind: 'approval'; readonly approval: PanelApproval }
  /** How the agent saw an approval end (the queue's state may have said so already). */
  | { readonly kind: 'approval-outcome'; readonly callId: string; readonly status: PanelApprovalStatus; readonly outcome: string }
  | { readonly kind: 'running'; readonly callId: string; readonly summary: string }
  | { readonly kind: 'output'; readonly callId: string; readonly text: string }
  | { readonly kind: 'finished'; readonly callId: string; readonly status: PanelToolStatus; readonly isError: boolean; readonly content: string; readonly durationMs?: number }
  | { readonly kind: 'notice'; readonly level: 'info' | 'warning' | 'error'; readonly text: string }
  /** The shadow workspace's change set after a command or a turn: how many changes wait for review, how many of them are held. */
  | { readonly kind: 'changes'; readonly waiting: number; readonly held: number }
  | { readonly kind: 'stop'; readonly reason: string; readonly message: string; readonly totals?: PanelTotals };

/** A saved session, for the picker. */
export interface PanelSession {
  readonly id: string;
  readonly title: string;
  readonly updatedAt: string;
}

/** The header of the panel: folder, session, model, whether a task runs. */
export interface PanelStatus {
  /** The workspace folder the agent works in (null: none open). */
  readonly folder: string | null;
  readonly sessionId: string | null;
  readonly sessions: readonly PanelSession[];
  /** Provider and model, e.g. "Anthropic · claude-sonnet-4-5". */
  readonly model: string;
  readonly busy: boolean;
  /** Why tasks cannot be sent now (untrusted workspace, no folder), or undefined. */
  readonly disabled?: string;
}

/** Messages from the host to the webview. */
export type HostMessage =
  /** Everything to show, replacing what is shown (on `ready`, a new or reopened session). */
  | { readonly type: 'reset'; readonly status: PanelStatus; readonly events: readonly PanelEvent[] }
  | { readonly type: 'events'; readonly events: readonly PanelEvent[] }
  | { readonly type: 'status'; readonly status: PanelStatus }
  /** Focus the task input, optionally filling it. */
  | { readonly type: 'focus'; readonly text?: string };

/** Most characters of one piece of text sent to the webview (tool output is capped again when shown). */
export const PANEL_TEXT_LIMIT = 20_000;
