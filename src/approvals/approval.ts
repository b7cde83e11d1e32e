// The one approval model (DESIGN.md, approvals contract): what is asked, who
// asks, what was answered, what came of it. The agent loop asks with these
// shapes (its Approver port), the queue holds them, every surface shows them;
// nobody keeps a copy. Plain types: depending on them is not depending on the queue.
import type { Caller, Surface } from '../core/caller';
import type { Decision, DecisionSource, Explanation, Outcome, Verdict } from '../policy';

/** What the queue holds for a person: a command to run or a file edit to write. */
export type ApprovalKind = 'command' | 'edit';

/** A command as it would run: exactly what an approval binds (argv, cwd, env, container and image). */
export interface CommandSubject {
  readonly kind: 'command';
  /** The bash line as proposed, for display (argv is what runs). */
  readonly commandLine: string;
  readonly argv: readonly string[];
  /** Absolute container path, e.g. `/workspace/src`. */
  readonly cwd: string;
  /** The extra environment the command gets (the sandbox's fixed base env is not the approver's choice). */
  readonly env: Readonly<Record<string, string>>;
  readonly containerId: string;
  readonly imageId: string;
  /** Undefined: the sandbox's default timeout. */
  readonly timeoutMs?: number;
}

/** A file edit as proposed: the whole file before and after (null: absent, i.e. a new or deleted file). */
export interface EditSubject {
  readonly kind: 'edit';
  /** Workspace-relative POSIX path. */
  readonly path: string;
  readonly before: string | null;
  /** sha256 of the file's bytes when proposed (a byte-order mark the text drops still counts); null: absent. What a write must still find. */
  readonly beforeSha256: string | null;
  readonly after: string | null;
  /** sha256 of `after`; null: the edit deletes the file. */
  readonly afterSha256: string | null;
  /** The path is protected (`.vscode/**`, `.git/hooks/**` …): the host runs or trusts it, writing it needs this approval. */
  readonly protectedPath: boolean;
}

/** A read the policy asks about (mode `ask-all`): nothing changes, but someone wanted to see it first. */
export interface ReadSubject {
  readonly kind: 'read';
  readonly tool: string;
  /** Workspace-relative path read, listed or searched. */
  readonly path: string;
  /** The normalised arguments, for display. */
  readonly args: unknown;
}

/** What an approval is about. */
export type ApprovalSubject = CommandSubject | EditSubject | ReadSubject;

/** What the queue holds: commands and edits (reads are asked in a dialog). */
export type QueuedSubject = CommandSubject | EditSubject;

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

/** The tool call an approval came from, as checked by its schema (normalised arguments). */
export interface ToolCallRecord {
  readonly tool: string;
  readonly args: unknown;
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

/**
 * An edit the approver already wrote (a hunk-by-hunk review writes as it goes and
 * records a `file-change` line before each write): the requester neither writes nor records it again.
 */
export interface WrittenEdit {
  /** sha256 of the file after the approver's write; null when it removed the file (or none was written). */
  readonly sha256: string | null;
}

/**
 * How an approval ended. Anything but `approved` / `partially-approved` means
 * nothing runs. `at` is when (epoch ms; the queue always sets it); `approvalId`
 * the queue's or the approver's id of the approval, for the audit lines that follow.
 */
export type ApprovalOutcome =
  | {
    readonly status: 'approved'; readonly by: string; readonly surface: Surface; readonly at?: number;
    /** Default `once`. */
    readonly scope?: 'once' | 'always'; readonly note?: string; readonly approvalId?: string;
    /** Set for an edit the approver wrote. */
    readonly written?: WrittenEdit;
  }
  | {
    readonly status: 'partially-approved'; readonly by: string; readonly surface: Surface; readonly at?: number;
    readonly acceptedHunks: readonly number[]; readonly rejectedHunks: readonly number[]; readonly note?: string; readonly approvalId?: string;
    /** A partial approval is always written by the review that took it. */
    readonly written: WrittenEdit;
  }
  | { readonly status: 'rejected'; readonly by: string; readonly surface: Surface; readonly at?: number; readonly note?: string; readonly approvalId?: string }
  | { readonly status: 'expired'; readonly at?: number; readonly afterMs: number }
  | { readonly status: 'cancelled'; readonly at?: number; readonly reason: string; readonly acceptedHunks?: readonly number[] };

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
  /** The call, with the agent's id for it when the agent asked (to tell the model the outcome). */
  readonly toolCall: ToolCallRecord & { readonly callId?: string };
  /** The decision as it stood when asked, taint included (see summarizeRequest). */
  readonly decision: DecisionSummary;
  /** sha256 over the bound fields of `subject` (see binding.ts). */
  readonly binding: string;
  readonly subject: QueuedSubject;
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

/**
 * One question to a person: what would happen, why the policy asks, and who is
 * asking. The agent loop hands it to its Approver, the queue takes it in
 * `submit` (adding id, times, binding and status), the CLI asks it on the terminal.
 */
export interface ApprovalRequest {
  /** Who the work is for; approvals still come only from the owner. */
  readonly caller: Caller;
  /** Host path of the workspace folder. */
  readonly workspace: string;
  readonly toolCall: ToolCallRecord;
  /** Exactly what would run or be written. */
  readonly subject: ApprovalSubject;
  /** The policy's decision as it stands (after taint: `ask`). */
  readonly decision: Decision;
  /** Everything behind the decision, for "Explain". */
  readonly explanation: Explanation;
  /** Set when automatic approval is suspended because untrusted content is in the context: shown with the approval. */
  readonly taint?: string;
  /** The agent's id for the call (the model's tool-use id) and its session, when the agent asks. */
  readonly callId?: string;
  readonly sessionId?: string;
  /** `bindingSha256(subject)` as the requester computed it: an approver refuses a request whose subject does not hash to it. */
  readonly bindingSha256?: string;
  /** Who runs it once approved (the queue): default `requester`. */
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
