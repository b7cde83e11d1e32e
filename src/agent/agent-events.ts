// The typed event stream of an agent session: the chat panel renders it and
// `clawdock agent run --json` prints it, one event per line. Every string in
// it has been through the redactor where it came from a tool; model text is
// the model's own (it only ever saw redacted tool output).
import type { Caller } from '../core/caller';
import type { DecisionSource, Outcome } from '../policy';
import type { ApprovalOutcome, ApprovalSubject } from './approver';

/** Why a turn ended. */
export type TurnStopReason =
  /** The model answered without further tool calls. */
  | 'finished'
  /** A rate limit or circuit breaker of the policy tripped (the agent pauses). */
  | 'limit'
  /** The task's budget (turns, tool calls, tokens, cost) ran out. */
  | 'budget'
  /** The model refused, or its answer was cut at its output limit. */
  | 'refused'
  | 'max-tokens'
  /** The person cancelled. */
  | 'cancelled'
  /** `onViolation: 'halt'`: a tool call was denied or invalid, so the run ended there (the default for every caller but the owner). */
  | 'halted'
  /** The provider, the engine or the audit log failed. */
  | 'error';

/** How a turn ended, with a sentence for the person. */
export interface TurnStop {
  readonly reason: TurnStopReason;
  readonly message: string;
  /** True when the model's last answer came right after a refused, rejected or expired tool call. */
  readonly endedAfterRefusal: boolean;
  /** Set when the turn `halted`: the call that was refused and the rule that refused it. */
  readonly violation?: Violation;
}

/** A tool call the policy refused (or its schema rejected), as a halted turn names it. */
export interface Violation {
  readonly callId: string;
  readonly tool: string;
  /** The call as proposed, on one line (redacted, cut short). */
  readonly summary: string;
  /** The rule that decided (`schema` for a call that failed its schema) and the layer it came from. */
  readonly rule: string;
  readonly source: DecisionSource;
  readonly reason: string;
}

/** Token and cost totals of the task so far. */
export interface UsageTotals {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly modelCalls: number;
  readonly toolCalls: number;
  /** US dollars, when the provider's prices are known. */
  readonly costUsd?: number;
}

/** What became of one tool call. */
export type ToolCallStatus =
  | 'ran'
  /** Failed its schema or the policy denied it. */
  | 'refused'
  | 'rejected'
  | 'expired'
  | 'cancelled'
  /** Dry-run mode: shown, not run. */
  | 'dry-run'
  /** It ran and failed (non-zero exit, a file error). */
  | 'failed'
  /** Not run because the agent paused (limit, budget) before it. */
  | 'skipped';

/** Something that happened in a session, in order. */
export type AgentEvent =
  | { readonly type: 'turn-started'; readonly sessionId: string; readonly task: string; readonly caller: Caller }
  | { readonly type: 'model-request'; readonly index: number; readonly contextTokens: number }
  | { readonly type: 'text-delta'; readonly text: string }
  | { readonly type: 'tool-call-proposed'; readonly callId: string; readonly tool: string; readonly arguments: string }
  | {
    readonly type: 'tool-call-decided'; readonly callId: string; readonly tool: string; readonly decision: Outcome;
    readonly rule: string; readonly source: DecisionSource; readonly reasons: readonly string[]; readonly dryRun: boolean;
    /** Set when taint turned an `allow` into `ask`. */
    readonly taint?: string;
  }
  | { readonly type: 'approval-requested'; readonly callId: string; readonly subject: ApprovalSubject; readonly reasons: readonly string[]; readonly taint?: string }
  | { readonly type: 'approval-resolved'; readonly callId: string; readonly outcome: ApprovalOutcome }
  | { readonly type: 'tool-call-running'; readonly callId: string; readonly tool: string; readonly summary: string }
  | { readonly type: 'tool-output'; readonly callId: string; readonly stream: 'stdout' | 'stderr'; readonly text: string }
  | {
    readonly type: 'tool-call-finished'; readonly callId: string; readonly tool: string; readonly status: ToolCallStatus;
    readonly isError: boolean; readonly content: string; readonly durationMs: number;
  }
  | { readonly type: 'usage'; readonly inputTokens: number; readonly outputTokens: number; readonly totals: UsageTotals }
  | { readonly type: 'tainted'; readonly reason: string }
  | { readonly type: 'context-trimmed'; readonly note: string; readonly droppedTurns: number; readonly clearedResults: number }
  | { readonly type: 'turn-finished'; readonly stop: TurnStop; readonly totals: UsageTotals };

/** The `type` names of agent events. */
export type AgentEventType = AgentEvent['type'];
