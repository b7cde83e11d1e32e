// The policy room's one entry point (DESIGN.md, policy contract). Plain Node: no vscode.
export { createPolicy } from './policy';
export type { DecideContext, Policy, PolicyOptions } from './policy';
export type { Decision, ExplainedSubcommand, Explanation } from './decision';
export type { DecisionSource, Finding, Outcome, Verdict } from './verdict';
export { mostRestrictive } from './verdict';
export { PolicyLoadError } from './policy-load-error';
export { formatExplanation, visible } from './explain/format-explanation';
export {
  DEFAULT_POLICY_SETTINGS, LIMIT_BOUNDS, POLICY_MODES, POLICY_SETTINGS, readPolicyLayer, readPolicySettings,
} from './settings/policy-settings';
export type { PolicyLayer, PolicyLimits, PolicyMode, PolicySettings, PolicySettingSpec } from './settings/policy-settings';
export type { PolicyLayers } from './settings/merge-layers';
export { parseToolCall } from './tools/parse-tool-call';
export { BUILTIN_TOOLS, createToolRegistry } from './tools/tool-registry';
export type { ParseToolCallResult, ToolRegistry } from './tools/tool-registry';
export type { ToolCall, ToolDefinition, ToolKind } from './tools/tool-definition';
export { defineTool } from './tools/tool-definition';
export type { RunCommandArgs } from './tools/run-command-tool';
export type { ReadFileArgs } from './tools/read-file-tool';
export type { WriteFileArgs } from './tools/write-file-tool';
export type { EditFileArgs } from './tools/edit-file-tool';
export type { ListFilesArgs } from './tools/list-files-tool';
export type { SearchArgs } from './tools/search-tool';
export { resolveWorkspacePath, WORKSPACE_ROOT } from './tools/workspace-path';
export { loadBashParser } from './command/bash-parser';
export type { BashParser, BashParserOptions } from './command/bash-parser';
export { analyseCommand } from './command/analyse-command';
export type { CommandAnalysis, SubCommand } from './command/command-analysis';
export type { RuleSpec } from './rules/rule';
export { programScope } from './grammar/program-scope';
export type { ProgramScope } from './grammar/program-scope';
export type { WorkspaceAccess } from './decide/evaluate-file-tool';
export { BUILTIN_RULES } from './rules/builtin-rules';
export { DEFAULT_READ_DENY } from './paths/default-path-globs';
export { compileProtectedPaths, DEFAULT_PROTECTED_PATHS, HOST_EXECUTED_GLOBS, protectedPathRisk } from './paths/protected-paths';
export type { HostExecutedGlob } from './paths/protected-paths';
export { compilePathGlobs, foldPath } from './paths/path-globs';
export type { PathGlobs, SourcedGlob } from './paths/path-globs';
export { manualClock, systemClock } from '../core/clock';
export type { Clock, ManualClock } from '../core/clock';
export type { LimitTracker, LimitTrip } from './limits/limit-tracker';
/** The one table of protected-path cases every user of the matcher runs in its tests. */
export { HELD_PATHS, ORDINARY_PATHS, USER_GLOB_CASES } from './paths/protected-path-cases';
