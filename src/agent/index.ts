// The agent room's entry point (DESIGN.md, layers): the loop, its event
// stream, the Approver it asks, sessions on disk, and the model providers.
// Plain Node: no vscode.
export { openAgentSession, AgentSession } from './agent-session';
export type { AgentSessionOptions, AgentTask, TurnResult } from './agent-session';
export type { AgentEvent, AgentEventType, ToolCallStatus, TurnStop, TurnStopReason, UsageTotals, Violation } from './agent-events';
export type { AgentAudit, AgentFiles, AgentSandbox } from './agent-services';
export type {
  ApprovalOutcome, ApprovalRequest, ApprovalSubject, Approver, CommandApprovalSubject, EditApprovalSubject, ReadApprovalSubject, WrittenEdit,
} from './approver';
export { bindingSha256 } from './approval-binding';
export { recordingApprover, type ApprovalAnswer, type ApprovalDecider, type ApproverIdentity } from './approvers/recording-approver';
export { allowSandboxed, denyAll } from './approvers/flag-approvers';
export { ttyDecider, type PromptTerminal } from './approvers/tty-approver';
export { describeSubject } from './approvers/describe-subject';
export { DEFAULT_BUDGET, type AgentBudget } from './budget';
export { DEFAULT_KEEP_LAST_ROUNDS, trimContext, type TrimOptions, type TrimResult } from './context-trim';
export { buildSystemPrompt, type SystemPromptOptions } from './system-prompt';
export type { TaintOptions } from './taint';
export { toModelTools } from './model-tools';
export { isSessionId, listSessions, newSessionId, readTranscript, type LoadedTranscript, type SessionSummary } from './transcript';
export { TranscriptError } from './transcript-error';
export * from './providers/index';
