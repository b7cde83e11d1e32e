// The params of each command this node serves, as strict zod schemas: a field
// we do not know rejects the invocation with its name. Approval fields a
// caller puts into params are stripped first and never read (CVE-2026-28466:
// OpenClaw nodes once trusted `approved` from node.invoke params): only the
// owner, in the editor, approves anything here.
import { z } from 'zod';
import { ARGUMENT_LIMITS } from '../../policy/tools/tool-arguments';

/**
 * Fields that claim an approval or set the exec policy. The gateway itself
 * sends some of them after its own approval flow; they are dropped unread
 * whoever sent them, so nothing in params can stand in for the owner's answer.
 */
export const APPROVAL_FIELDS = ['approved', 'approvalDecision', 'approvalSource', 'approvalId', 'systemRunPlan', 'security', 'ask', 'autoReview', 'elevated'] as const;

/** Params with the approval fields removed, and the names of those that were there. */
export function stripApprovalFields(params: unknown): { params: unknown; stripped: string[] } {
  if (!params || typeof params !== 'object' || Array.isArray(params)) return { params, stripped: [] };
  const out: Record<string, unknown> = { ...(params as Record<string, unknown>) };
  const stripped: string[] = [];
  for (const field of APPROVAL_FIELDS) {
    if (field in out) {
      stripped.push(field);
      delete out[field];
    }
  }
  return { params: out, stripped };
}

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const optionalText = (max: number) => text(max).nullable().optional();
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Environment additions: at most 64 portable names, values without NUL. */
export const envParam = z.record(
  z.string().regex(ENV_NAME, 'environment names must be letters, digits and _ (not starting with a digit)').max(128),
  z.string().max(8192).refine((v) => !v.includes('\u0000'), 'environment values may not contain NUL'),
).refine((env) => Object.keys(env).length <= 64, 'at most 64 environment variables').nullable().optional();

const argv = z.array(text(ARGUMENT_LIMITS.commandChars)).min(1, 'command needs at least the program').max(1000);

/** Fields the gateway's exec tool adds for its own bookkeeping: accepted, not used for any decision. */
const bookkeeping = {
  agentId: optionalText(200),
  sessionKey: optionalText(500),
  runId: optionalText(200),
  suppressNotifyOnExit: z.boolean().nullable().optional(),
  turnSourceChannel: optionalText(200),
  turnSourceTo: optionalText(500),
  turnSourceAccountId: optionalText(200),
  turnSourceThreadId: z.union([text(200), z.number()]).nullable().optional(),
  strictInlineEval: z.boolean().nullable().optional(),
};

/** `system.run.prepare`: the exec tool asks how the node would run a command (and whether approval binds). */
export const systemRunPrepareParams = z.strictObject({
  command: argv,
  rawCommand: optionalText(ARGUMENT_LIMITS.commandChars),
  cwd: optionalText(4096),
  env: envParam,
  ...bookkeeping,
});

/** `system.run`: run a command. */
export const systemRunParams = z.strictObject({
  command: argv,
  rawCommand: optionalText(ARGUMENT_LIMITS.commandChars),
  cwd: optionalText(4096),
  env: envParam,
  timeoutMs: z.number().int().nonnegative().nullable().optional(),
  needsScreenRecording: z.boolean().nullable().optional(),
  ...bookkeeping,
});

/** `system.which`: which of these programs the sandbox has. */
export const systemWhichParams = z.strictObject({
  bins: z.array(z.string().min(1).max(200).regex(/^[A-Za-z0-9._+-]+$/, 'a program name, without a path')).min(1).max(50),
});

/** `vscode_agent`: a task for Clawdock's agent. */
export const vscodeAgentParams = z.strictObject({
  task: z.string().min(1, 'the task is empty').max(16_000, 'the task must be at most 16000 characters'),
});

export type SystemRunPrepareParams = z.output<typeof systemRunPrepareParams>;
export type SystemRunParams = z.output<typeof systemRunParams>;

/** The reason a parse failed, naming the field: what the caller reads. */
export function issuesOf(error: z.ZodError): string {
  return error.issues.slice(0, 5).map((i) => {
    const path = i.path.length ? i.path.join('.') : 'params';
    if (i.code === 'unrecognized_keys') return `${path}: unknown field(s) ${i.keys.join(', ')}`;
    return `${path}: ${i.message}`;
  }).join('; ');
}
