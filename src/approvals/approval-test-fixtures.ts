// Requests and callers shared by the approvals tests.
import type { Caller } from '../core/caller';
import type { ApprovalRequest, CommandSubject, DecisionSummary } from './approval';

/** The person at the window. */
export const owner: Caller = { profile: 'owner', surface: 'editor', id: 'owner' };
/** A paired chat user: may ask, may not answer. */
export const paired: Caller = { profile: 'paired', surface: 'gateway', id: 'telegram:42' };

/** A decision that asked because no rule covers `argv`. */
export function unmatchedDecision(argv: readonly string[]): DecisionSummary {
  return {
    decision: 'ask', rule: 'unmatched', source: 'builtin', reasons: [`\`${argv[0]}\` is not covered by any rule, so a person must approve it`],
    subcommands: [{ argv, via: [], verdict: 'ask', matches: [{ verdict: 'ask', rule: 'unmatched', source: 'builtin', reason: 'not covered', certain: true }] }],
    findings: [],
  };
}

/** The subject of `line` run in a fixed container. */
export function commandSubjectOf(line: string): CommandSubject {
  return { kind: 'command', commandLine: line, argv: ['bash', '-lc', line], cwd: '/workspace', env: {}, containerId: 'c1', imageId: 'sha256:i1' };
}

/** A request to run `line`, as the agent would send it. */
export function commandRequest(line = 'make deploy', caller: Caller = owner): ApprovalRequest {
  return {
    caller,
    toolCall: { tool: 'run_command', args: { command: line }, callId: 'call-1' },
    decision: unmatchedDecision(line.split(' ')),
    subject: commandSubjectOf(line),
    workspace: '/home/me/app',
  };
}

/** A request to change `path` from `before` to `after`. */
export function editRequest(path: string, before: string | null, after: string | null): ApprovalRequest {
  return {
    caller: owner,
    toolCall: { tool: 'write_file', args: { path, content: after } },
    decision: { decision: 'ask', rule: 'write', source: 'builtin', reasons: ['file changes need approval'], subcommands: [], findings: [] },
    subject: { kind: 'edit', path, before, after },
    workspace: '/home/me/app',
  };
}
