// The shapes of the approval queue: what is asked, what was answered, what came of it.
import type { Caller, Surface } from '../core/caller';
import type { DecisionSource, Outcome, Verdict } from '../policy';

/** What needs a person: a command to run or a file edit to write. */
export type ApprovalKind = 'command' | 'edit';

/** A command as it would run: the exec request and the container it would run in. */
export interface CommandSubject {
  readonly kind: 'command';
  /** The bash line as proposed, for display (argv is what runs). */
  readonly commandLine: string;
  readonly argv: readonly string[];
  /** Absolute container path. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly containerId: string;
  readonly imageId: string;
  readonly timeoutMs?: number;
}

/** A file edit as proposed: the whole file before and after (null: absent, i.e. a new or deleted file). */
export interface EditSubject {
  readonly kind: 'edit';
  /** Workspace-relative POSIX path. */
  readonly path: string;
  readonly before: string | null;
  readonly after: string | null;
  /** The path is protected (`.vscode/**`, `.git/hooks/**` …): writing it needs this approval. */
  readonly protectedPath?: boolean;
}

/** What an approval is about. */
export type ApprovalSubject = CommandSubject | EditSubject;

/** One rule or check behind a decision, as shown to the person. */
export interface FindingSummary {
  readonly verdict: Verdict;
  readonly rule: string;
  readonly source: DecisionSource;
  readonly reason: string;
  /** The argv pattern as written, for rule matches. */
  readonly pattern?: string;
  /** False when the rule only may apply once words are expanded. */
  readonly certain?: boolean;
}

/** One sub-command the policy found, with its verdict and the rules that matched. */
export interface SubcommandSummary {
  readonly argv: readonly string[];
  readonly via: readonly string[];
  readonly verdict: Verdict;
  readonly matches: readonly FindingSummary[];
}

/** The policy decision behind an approval, kept with it so it survives a reload and can be explained. */
export interface DecisionSummary {
  readonly decision: Outcome;
  readonly rule: string;
  readonly source: DecisionSource;
  readonly reasons: readonly string[];
  readonly subcommands: readonly SubcommandSummary[];
  /** Checks other than sub-command rule matches (parse errors, paths, profile, mode), strictest first. */
  readonly findings: readonly FindingSummary[];
  /** The full people-readable explanation (`formatExplanation`), for `Explain`. */
  readonly explanation?: string;
}

/** The tool call an approval came from, as the model (or the person) sent it. */
export interface ToolCallRecord {
  readonly tool: string;
  readonly args: unknown;
  /** The agent's id for the call, to tell the model the outcome. */
  readonly callId?: string;
}

/** Where an item stands. */
export type ApprovalStatus = 'pending' | 'approved' | 'partially-approved' | 'rejected' | 'expired' | 'cancelled';

/**
 * Who runs an approved item: the `requester` that is awaiting `request()` (the
 * agent loop), or the `host` (the extension) — also every item restored after a
 * window reload, whose requester is gone.
 */
export type ApprovalExecutor = 'requester' | 'host';

/** Progress of an edit's review, hunk by hunk (indexes into `computeHunks(before, after)`). */
export interface HunkProgress {
  readonly count: number;
  readonly accepted: readonly number[];
  readonly rejected: readonly number[];
  /** sha256 of the file as last written by the review (or as proposed before the first write); null: absent. */
  readonly diskSha256: string | null;
}

/** How an approval ended. Anything but `approved` / `partially-approved` means nothing runs. */
export type ApprovalOutcome =
  | { readonly status: 'approved'; readonly by: string; readonly surface: Surface; readonly at: number; readonly scope: 'once' | 'always'; readonly note?: string }
  | {
    readonly status: 'partially-approved'; readonly by: string; readonly surface: Surface; readonly at: number;
    readonly acceptedHunks: readonly number[]; readonly rejectedHunks: readonly number[]; readonly note?: string;
  }
  | { readonly status: 'rejected'; readonly by: string; readonly surface: Surface; readonly at: number; readonly note?: string }
  | { readonly status: 'expired'; readonly at: number; readonly afterMs: number }
  | { readonly status: 'cancelled'; readonly at: number; readonly reason: string; readonly acceptedHunks?: readonly number[] };

/** One pending (or just resolved) approval. */
export interface ApprovalItem {
  readonly id: string;
  readonly kind: ApprovalKind;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  /** Epoch milliseconds; null: never expires. */
  readonly expiresAt: number | null;
  /** Who asked (the agent's caller, or the owner proposing from the palette). */
  readonly caller: Caller;
  readonly toolCall: ToolCallRecord;
  readonly decision: DecisionSummary;
  /** sha256 over the bound fields of `subject` (see binding.ts). */
  readonly binding: string;
  readonly subject: ApprovalSubject;
  /** Host path of the workspace folder. */
  readonly workspace: string;
  readonly status: ApprovalStatus;
  readonly executor: ApprovalExecutor;
  /** True when the item came back from the store after a reload. */
  readonly restored: boolean;
  /** Edits only. */
  readonly hunks?: HunkProgress;
  /** Set once the item is resolved. */
  readonly outcome?: ApprovalOutcome;
}

/** What a requester hands to `request()`: the queue adds id, times, binding and status. */
export interface ApprovalRequest {
  readonly caller: Caller;
  readonly toolCall: ToolCallRecord;
  readonly decision: DecisionSummary;
  readonly subject: ApprovalSubject;
  readonly workspace: string;
  /** Default `requester`. */
  readonly executor?: ApprovalExecutor;
}

/**
 * A person's answer. An edit is approved hunk by hunk through EditReview (which
 * writes each accepted hunk first), so `approve` is for commands; `reject` works
 * for both and, for an edit, rejects every hunk not yet decided.
 */
export type ApprovalAnswer =
  | { readonly verdict: 'approve'; readonly scope?: 'once' | 'always'; readonly note?: string }
  | { readonly verdict: 'reject'; readonly note?: string };

/** Hunks an edit review decided in one step, and the file's hash after any write it made. */
export interface HunkDecision {
  readonly accepted?: readonly number[];
  readonly rejected?: readonly number[];
  /** sha256 of the file now (after the write of the accepted hunks); null: absent. */
  readonly diskSha256: string | null;
  readonly note?: string;
}

/** What `answer()` did: the outcome, or why the answer was refused. */
export type AnswerResult =
  | { readonly ok: true; readonly item: ApprovalItem; readonly outcome: ApprovalOutcome; readonly hostRun?: Promise<void> }
  | { readonly ok: false; readonly reason: string };

/** What recording hunk decisions did: the item (and its outcome once every hunk is decided), or why it was refused. */
export type HunkResult =
  | { readonly ok: true; readonly item: ApprovalItem; readonly outcome?: ApprovalOutcome }
  | { readonly ok: false; readonly reason: string };

/** A change in the queue, for views and the audit. */
export interface ApprovalChange {
  readonly type: 'added' | 'updated' | 'resolved';
  readonly item: ApprovalItem;
}
