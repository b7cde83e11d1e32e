// The approvals room's one entry point (DESIGN.md, approvals contract). Plain Node: no vscode.
export type {
  AnswerResult, ApprovalAnswer, ApprovalChange, ApprovalExecutor, ApprovalItem, ApprovalKind, ApprovalOutcome, ApprovalRequest,
  ApprovalStatus, ApprovalSubject, CommandSubject, DecisionSummary, EditSubject, FindingSummary, HunkDecision, HunkProgress,
  HunkResult, QueuedSubject, ReadSubject, SubcommandSummary, ToolCallRecord, WrittenEdit,
} from './approval';
export { approvalSummary } from './approval-audit';
export type { ApprovalAuditEvent, ApprovalRecorder } from './approval-audit';
export { manualApprovalClock, systemApprovalClock } from './approval-clock';
export type { ApprovalClock, ManualApprovalClock, TimerHandle } from './approval-clock';
export { ApprovalMismatchError } from './approval-mismatch-error';
export { ApprovalQueue, DEFAULT_APPROVAL_TIMEOUT_SECONDS, MAX_APPROVAL_TIMEOUT_SECONDS } from './approval-queue';
export type { ApprovalQueueOptions, HostExecutor, PendingApproval } from './approval-queue';
export { memoryApprovalStore } from './approval-store';
export type { ApprovalStore } from './approval-store';
export { JsonFileApprovalStore } from './json-file-store';
export { ALWAYS_RULE_SETTING, suggestAlwaysRule } from './always-rule';
export type { AlwaysRuleSuggestion } from './always-rule';
export { commandSubject, runApprovedCommand } from './approved-command';
export type { CommandSandbox } from './approved-command';
export { assertBinding, bindingOf, commandBinding, editBinding } from './binding';
export type { BindingInput, BoundApproval, CommandBindingInput, EditBindingInput, ReadBindingInput } from './binding';
export { bindingRefusal, bindingSha256, subjectBinding } from './subject-binding';
export { summarizeDecision, summarizeRequest } from './decision-summary';
export { isMissingFileError, workspaceEditFiles } from './edit-files';
export type { EditFiles } from './edit-files';
export { EditReview, undecided } from './edit-review';
export type { EditProposalView } from './edit-review';
export { applyHunks, computeHunks, reviewedContent } from './hunks';
export type { AppliedHunks, Hunk, HunkedEdit } from './hunks';
export { APPROVAL_SETTINGS, readApprovalSettings } from './approval-settings';
export * from './render/index';
export type { ApprovalSettings } from './approval-settings';
