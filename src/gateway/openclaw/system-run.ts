// `system.run.prepare` and `system.run`: the gateway agent's `exec` with host
// `node`. Prepare says how the node would run a command (and refuses early what
// the policy denies); run decides it again for the caller's profile, asks the
// owner when the policy asks, and runs exactly what was decided (and approved)
// in the sandbox, audited with the OpenClaw session key.
import type { ApprovalOutcome, ApprovalRequest } from '../../agent';
import { assertBinding, bindingSha256, subjectBinding, type CommandSubject } from '../../approvals';
import type { AuditLog } from '../../audit';
import type { Decision, Policy, RunCommandArgs } from '../../policy';
import { auditedExec, shellArgv, type ExecResult } from '../../sandbox';
import { commandLineOf, containerCwdOf } from './command-line';
import { withEnvironment } from './env-decision';
import { auditSessionId, decisionEvent, proposedEvent, recordFor } from './invocation-audit';
import { issuesOf, stripApprovalFields, systemRunParams, systemRunPrepareParams, type SystemRunParams } from './invoke-params';
import { refused, type Invocation, type InvokeOutcome, type NodeServices } from './node-services';

/** Characters of stdout and of stderr returned to the caller; the rest is cut from the middle, saying how much. */
export const RESULT_STREAM_CHARS = 200_000;
/** How long a command may run when the caller names no timeout. */
const DEFAULT_RUN_TIMEOUT_MS = 120_000;
const MAX_RUN_TIMEOUT_MS = 60 * 60 * 1000;

interface Planned {
  readonly line: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly args: RunCommandArgs;
}

/** Parses and plans a command; an outcome when it cannot be taken. */
function plan(raw: unknown, schema: typeof systemRunParams | typeof systemRunPrepareParams): { ok: true; params: SystemRunParams; planned: Planned } | { ok: false; outcome: InvokeOutcome } {
  const parsed = schema.safeParse(stripApprovalFields(raw).params);
  if (!parsed.success) return { ok: false, outcome: refused('INVALID_REQUEST', `Clawdock refused the params: ${issuesOf(parsed.error)}`) };
  const params = parsed.data as SystemRunParams;
  const line = commandLineOf(params.command, params.rawCommand);
  if (!line.ok) return { ok: false, outcome: refused('INVALID_REQUEST', `Clawdock refused the command: ${line.reason}`) };
  const cwd = containerCwdOf(params.cwd);
  if (!cwd.ok) return { ok: false, outcome: refused('INVALID_REQUEST', `Clawdock refused the command: ${cwd.reason}`) };
  const args: RunCommandArgs = { command: line.line, cwd: cwd.cwd };
  return { ok: true, params, planned: { line: line.line, cwd: cwd.cwd, env: params.env ?? {}, args } };
}

/** `system.run.prepare`: the plan the gateway's exec tool then sends back with `system.run`. */
export async function prepareSystemRun(raw: unknown, invocation: Invocation, services: NodeServices): Promise<InvokeOutcome> {
  const planned = plan(raw, systemRunPrepareParams);
  if (!planned.ok) return planned.outcome;
  const { line, cwd, env, args } = planned.planned;
  const policy = await services.policy();
  const decision = withEnvironment(policy.explain({ tool: 'run_command', args }, invocation.caller).decision, env, invocation.caller.profile);
  if (decision.decision === 'deny') {
    const record = recordFor(services, invocation);
    await record(proposedEvent(services, invocation, 'system.run.prepare', raw));
    await record(decisionEvent(invocation, 'system.run.prepare', decision));
    return denial(decision);
  }
  return {
    ok: true,
    payload: {
      plan: {
        argv: shellArgv(line), cwd, commandText: line, commandPreview: null,
        agentId: planned.params.agentId ?? null, sessionKey: planned.params.sessionKey ?? invocation.sessionKey ?? null,
      },
      // Clawdock's policy and the owner's approval in the editor apply on this node whatever the gateway asks for itself.
      execPolicy: { security: 'full', ask: 'off' },
      allowAlwaysCoverage: { complete: false, patterns: [] },
    },
  };
}

/** `system.run`: decide, approve when asked, run in the sandbox, answer `{success, exitCode, timedOut, stdout, stderr}`. */
export async function systemRun(raw: unknown, invocation: Invocation, services: NodeServices): Promise<InvokeOutcome> {
  const record = recordFor(services, invocation);
  const stripped = stripApprovalFields(raw).stripped;
  if (stripped.length > 0) services.logger?.info(`OpenClaw: ignored approval fields in system.run ${invocation.id}: ${stripped.join(', ')} (only the owner approves, in the editor)`);
  await record(proposedEvent(services, invocation, 'system.run', raw));
  const planned = plan(raw, systemRunParams);
  if (!planned.ok) {
    const message = planned.outcome.ok ? '' : planned.outcome.message;
    await record(decisionEvent(invocation, 'system.run', { decision: 'deny', rule: 'schema', source: 'schema', reasons: [message], dryRun: false }));
    return planned.outcome;
  }
  const { line, cwd, env, args } = planned.planned;
  const policy = await services.policy();
  const decision = withEnvironment(policy.decide({ tool: 'run_command', args }, invocation.caller), env, invocation.caller.profile);
  await record(decisionEvent(invocation, 'system.run', decision));
  if (decision.decision === 'deny' || decision.decision === 'pause') {
    policy.limits.recordOutcome(false);
    return denial(decision);
  }
  if (decision.dryRun) {
    return { ok: true, payload: { success: false, exitCode: null, timedOut: false, stdout: '', stderr: '', error: `Clawdock is in dry-run mode: \`${line}\` would ${decision.decision === 'allow' ? 'run' : 'need the owner\'s approval'}; nothing ran.` } };
  }

  const timeoutMs = runTimeout(planned.params.timeoutMs, invocation.deadline);
  await services.sandbox.up();
  const subject = await subjectOf(services, line, cwd, env, timeoutMs);
  let approvalId: string | undefined;
  if (decision.decision === 'ask') {
    const outcome = await ask(services, policy, invocation, args, subject, decision);
    if (outcome.status !== 'approved') {
      policy.limits.recordOutcome(false);
      return refused('SYSTEM_RUN_DENIED', `Clawdock: the owner's approval ${describeRefusal(outcome)}; \`${line}\` did not run. Do not retry it in another form.`);
    }
    approvalId = outcome.approvalId;
    // What runs must be what was approved: the same argv, cwd and environment in the same container and image.
    const now = await subjectOf(services, line, cwd, env, timeoutMs);
    assertBinding({ id: approvalId ?? invocation.id, binding: bindingSha256(subject), bound: subjectBinding(subject) }, subjectBinding(now));
  }
  const result = await auditedExec(
    services.sandbox,
    { log: services.audit as Pick<AuditLog, 'append'> as AuditLog, redactor: services.redactor() },
    { argv: subject.argv, cwd: subject.cwd, env: subject.env, timeoutMs },
    { caller: invocation.caller, sessionId: auditSessionId(invocation.sessionKey), callId: invocation.id, ...(approvalId ? { approvalId } : {}) },
    { signal: invocation.signal, onStdout: (c) => invocation.progress(c.toString('utf8')), onStderr: (c) => invocation.progress(c.toString('utf8')) },
  );
  policy.limits.recordExecution();
  policy.limits.recordOutcome(result.exitCode === 0 && !result.timedOut);
  return { ok: true, payload: runPayload(result) };
}

async function subjectOf(services: NodeServices, line: string, cwd: string, env: Readonly<Record<string, string>>, timeoutMs: number): Promise<CommandSubject> {
  const status = await services.sandbox.status();
  return {
    kind: 'command', commandLine: line, argv: shellArgv(line), cwd, env: { ...env },
    containerId: status.containerId ?? '', imageId: status.image ?? '', timeoutMs,
  };
}

async function ask(services: NodeServices, policy: Policy, invocation: Invocation, args: RunCommandArgs, subject: CommandSubject, decision: Decision): Promise<ApprovalOutcome> {
  if (!subject.containerId || !subject.imageId) return { status: 'cancelled', reason: 'the sandbox has no container to bind the approval to' };
  const request: ApprovalRequest = {
    caller: invocation.caller,
    workspace: services.workspace,
    toolCall: { tool: 'run_command', args },
    subject,
    decision,
    explanation: policy.explain({ tool: 'run_command', args }, invocation.caller),
    taint: `the command comes from the OpenClaw gateway (session ${invocation.sessionKey ?? 'none'}), not from the owner`,
    callId: invocation.id,
    ...(invocation.sessionKey ? { sessionId: invocation.sessionKey.slice(0, 200) } : {}),
    bindingSha256: bindingSha256(subject),
  };
  return services.approver.requestApproval(request, invocation.signal);
}

function describeRefusal(outcome: ApprovalOutcome): string {
  switch (outcome.status) {
    case 'rejected': return `was refused by ${outcome.by}${outcome.note ? ` (${outcome.note})` : ''}`;
    case 'expired': return `expired unanswered after ${Math.round(outcome.afterMs / 1000)} s`;
    case 'cancelled': return `was cancelled: ${outcome.reason}`;
    default: return `was not given (${outcome.status})`;
  }
}

function denial(decision: Pick<Decision, 'rule' | 'source' | 'reasons' | 'decision'>): InvokeOutcome {
  const why = decision.reasons.join('; ');
  const word = decision.decision === 'pause' ? 'paused' : 'refused';
  return refused('SYSTEM_RUN_DENIED', `Clawdock's policy ${word} this command (rule ${decision.rule}, ${decision.source}): ${why}. Do not retry it in another form.`);
}

function runTimeout(requested: number | null | undefined, deadline: number): number {
  const wanted = requested && requested > 0 ? Math.min(requested, MAX_RUN_TIMEOUT_MS) : DEFAULT_RUN_TIMEOUT_MS;
  // The command must end (and be answered) before the gateway stops waiting.
  const left = deadline - Date.now() - 2_000;
  return Math.max(1_000, Math.min(wanted, left));
}

/** The result shape OpenClaw's exec tool reads. */
export function runPayload(result: ExecResult): Record<string, unknown> {
  const stdout = capStream(result.stdout);
  const stderr = capStream(result.stderr);
  return {
    success: result.exitCode === 0 && !result.timedOut && !result.cancelled,
    exitCode: result.signal !== null && result.exitCode > 128 ? null : result.exitCode,
    timedOut: result.timedOut,
    stdout,
    stderr,
    ...(result.truncated ? { error: 'output was cut at the sandbox\'s output cap (clawdock.sandbox.outputCapBytes)' } : {}),
    ...(result.cancelled ? { error: 'the command was cancelled' } : {}),
  };
}

/** Head and tail of a long stream, with the cut said. */
export function capStream(text: string, max = RESULT_STREAM_CHARS): string {
  if (text.length <= max) return text;
  const half = Math.floor(max / 2);
  return `${text.slice(0, half)}\n[… ${text.length - 2 * half} characters cut by Clawdock …]\n${text.slice(-half)}`;
}
