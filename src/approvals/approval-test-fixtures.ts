// Requests and callers shared by the approvals tests.
import type { Caller } from '../core/caller';
import { sha256Hex } from '../core/hash';
import type { Decision, Explanation } from '../policy';
import type { ApprovalRequest, CommandSubject, EditSubject } from './approval';

/** The person at the window. */
export const owner: Caller = { profile: 'owner', surface: 'editor', id: 'owner' };
/** A paired chat user: may ask, may not answer. */
export const paired: Caller = { profile: 'paired', surface: 'gateway', id: 'telegram:42' };

/** A policy explanation that asks because no rule covers `argv`. */
export function unmatchedExplanation(argv: readonly string[]): Explanation {
  const decision: Decision = {
    decision: 'ask', rule: 'unmatched', source: 'builtin', reasons: [`\`${argv[0]}\` is not covered by any rule, so a person must approve it`], subcommands: [argv], dryRun: false,
  };
  const match = { verdict: 'ask', rule: 'unmatched', source: 'builtin', reason: 'not covered', certain: true, pattern: '', readOnly: false, specificity: 0 } as const;
  return { decision, call: undefined, profile: 'owner', mode: 'ask-risky', modeSource: 'builtin', subcommands: [{ argv, via: [], verdict: 'ask', matches: [match] }], findings: [match], notices: [] };
}

/** An explanation that asks because file changes need approval. */
export function writeExplanation(): Explanation {
  const decision: Decision = { decision: 'ask', rule: 'write', source: 'builtin', reasons: ['file changes need approval'], subcommands: [], dryRun: false };
  return { decision, call: undefined, profile: 'owner', mode: 'ask-risky', modeSource: 'builtin', subcommands: [], findings: [], notices: [] };
}

/** The subject of `line` run in a fixed container. */
export function commandSubjectOf(line: string): CommandSubject {
  return { kind: 'command', commandLine: line, argv: ['bash', '-c', line], cwd: '/workspace', env: {}, containerId: 'c1', imageId: 'sha256:i1' };
}

/** An edit of `path` from `before` to `after` (null: absent), hashed as a read of the file would. */
export function editSubjectOf(path: string, before: string | null, after: string | null, protectedPath = false): EditSubject {
  return {
    kind: 'edit', path, before, beforeSha256: before === null ? null : sha256Hex(before), after, afterSha256: after === null ? null : sha256Hex(after), protectedPath,
  };
}

/** A request to run `line`, as the agent would send it. */
export function commandRequest(line = 'make deploy', caller: Caller = owner): ApprovalRequest {
  const explanation = unmatchedExplanation(line.split(' '));
  return {
    caller,
    toolCall: { tool: 'run_command', args: { command: line } },
    callId: 'call-1',
    decision: explanation.decision,
    explanation,
    subject: commandSubjectOf(line),
    workspace: '/home/me/app',
  };
}

/** A request to change `path` from `before` to `after`. */
export function editRequest(path: string, before: string | null, after: string | null): ApprovalRequest {
  const explanation = writeExplanation();
  return {
    caller: owner,
    toolCall: { tool: 'write_file', args: { path, content: after } },
    decision: explanation.decision,
    explanation,
    subject: editSubjectOf(path, before, after),
    workspace: '/home/me/app',
  };
}
