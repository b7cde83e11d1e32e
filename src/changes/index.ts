// The changes room (DESIGN.md): change sets out of the shadow layer — diff,
// hold, apply, conflict, undo history. Plain Node: no vscode.
export type { ChangeEntry, ChangeKind, ChangeSet, EntryType } from './change-entry';
export { describeEntry, isBulkApplicable } from './change-entry';
export { createKeepRules } from './keep-rules';
export { readHostFile } from './compute-changes';
export type { KeepRules } from './keep-rules';
export { ShadowWorkspace } from './shadow-workspace';
export type { AcceptOptions, ApplyReport, ChangeAudit, HunkReview, ShadowSandbox, ShadowWorkspaceOptions } from './shadow-workspace';
export { UndoHistory, undoHistoryFor } from './undo-history';
export { editableFilesFor, undoRecordingFiles } from './undo-recording-files';
export type { EditableFiles } from './undo-recording-files';
export type { AppliedVia, UndoEntry, UndoFile, UndoState } from './undo-history';
