// What the agent loop asks of whoever answers approvals. The approval queue
// (src/approvals) is adapted to this by the host; the CLI has its own
// approvers (./approvers). Kept small on purpose: the loop depends on this,
// never on the queue's internals.
import type { Caller, Surface } from '../core/caller';
import type { Decision, Explanation } from '../policy';

/** A command as it would run: exactly what an approval binds (argv, cwd, env, container and image). */
export interface CommandApprovalSubject {
  readonly kind: 'command';
  /** The bash line as the model proposed it, for display; `argv` is what runs. */
  readonly commandLine: string;
  readonly argv: readonly string[];
  /** Absolute container path, e.g. `/workspace/src`. */
  readonly cwd: string;
  /** Extra environment for the command (the sandbox's fixed base env is not the approver's choice). */
  readonly env: Readonly<Record<string, string>>;
  readonly containerId: string;
  readonly imageId: string;
  readonly timeoutMs?: number;
}

/** A file change as it would be written: the path and the whole content before and after. */
export interface EditApprovalSubject {
  readonly kind: 'edit';
  /** Workspace-relative POSIX path. */
  readonly path: string;
  /** The file now; null when it does not exist yet. */
  readonly before: string | null;
  readonly beforeSha256: string | null;
  readonly after: string;
  readonly afterSha256: string;
  /** The path is protected (`.vscode/**`, `.git/hooks/**` …): the host runs or trusts it. */
  readonly protectedPath: boolean;
}

/** A read the policy asks about (mode `ask-all`): nothing changes, but someone wanted to see it first. */
export interface ReadApprovalSubject {
  readonly kind: 'read';
  readonly tool: string;
  /** Workspace-relative path read, listed or searched. */
  readonly path: string;
  /** The normalised arguments, for display. */
  readonly args: unknown;
}

/** What an approval is about. */
export type ApprovalSubject = CommandApprovalSubject | EditApprovalSubject | ReadApprovalSubject;

/** One question to a person: what would happen, why the policy asks, and who is asking. */
export interface ApprovalRequest {
  /** The agent's id for the tool call (the model's tool-use id). */
  readonly callId: string;
  readonly sessionId: string;
  /** Host path of the workspace folder. */
  readonly workspace: string;
  /** Who the agent is working for in this turn; approvals still come only from the owner. */
  readonly caller: Caller;
  /** The tool call as checked by its schema (normalised arguments). */
  readonly toolCall: { readonly tool: string; readonly args: unknown };
  readonly subject: ApprovalSubject;
  /** The policy's decision as it stands (after taint: `ask`). */
  readonly decision: Decision;
  /** Everything behind the decision, for "Explain". */
  readonly explanation: Explanation;
  /** Set when auto-approval is suspended because untrusted content is in the context: shown with the approval. */
  readonly taint?: string;
  /** sha256 binding of the subject (same fields and form as src/approvals binding v1). */
  readonly bindingSha256: string;
}

/**
 * An edit the approver already wrote (a hunk-by-hunk review writes as it goes, and
 * records a `file-change` line before each write): the loop neither writes nor records it again.
 */
export interface WrittenEdit {
  /** sha256 of the file after the approver's write; null when it removed the file. */
  readonly sha256: string | null;
}

/** How an approval ended. Only `approved` and `partially-approved` let anything happen. */
export type ApprovalOutcome =
  | {
    readonly status: 'approved'; readonly by: string; readonly surface: Surface; readonly note?: string;
    readonly approvalId?: string; readonly written?: WrittenEdit;
  }
  | {
    readonly status: 'partially-approved'; readonly by: string; readonly surface: Surface; readonly note?: string; readonly approvalId?: string;
    readonly acceptedHunks: readonly number[]; readonly rejectedHunks: readonly number[]; readonly written: WrittenEdit;
  }
  | { readonly status: 'rejected'; readonly by: string; readonly surface: Surface; readonly note?: string; readonly approvalId?: string }
  | { readonly status: 'expired'; readonly afterMs: number }
  | { readonly status: 'cancelled'; readonly reason: string };

/**
 * Answers approvals for the agent. Implementations record their own audit
 * events (approval-requested before asking, then answered/expired) and must
 * resolve `cancelled` promptly when `signal` aborts; the loop also stops
 * waiting on abort whatever the approver does.
 */
export interface Approver {
  requestApproval(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalOutcome>;
}
