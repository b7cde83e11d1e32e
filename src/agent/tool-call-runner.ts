// One tool call, start to end: schema → policy (for the caller's profile) →
// taint → approval when asked → sandbox or file guard → result, redacted and
// capped, for the model. Each step is recorded in the audit log, awaited,
// before the next one happens; a failed append stops the call (fail closed).
// Refusals, rejections, expirations and schema errors come back as error
// results the model can read and act on.
import type { Caller } from '../core/caller';
import { ClawdockError, EngineUnreachableError, SandboxError } from '../core/errors';
import { canonicalJson, sha256Hex } from '../core/hash';
import type { Decision, Policy, RunCommandArgs, ToolCall, ToolRegistry } from '../policy';
import { WORKSPACE_ROOT } from '../policy';
import type { Redactor } from '../audit';
import type { AgentEvent, ToolCallStatus, Violation } from './agent-events';
import type { AgentAudit, AgentFiles, AgentSandbox } from './agent-services';
import { shellArgv } from '../sandbox';
import { bindingSha256 } from './approval-binding';
import type { ApprovalOutcome, ApprovalSubject, Approver, CommandApprovalSubject, EditApprovalSubject } from './approver';
import { editSubjectOf } from './edit-subject';
import { runCommand } from './run-command';
import type { ToolCall as ModelToolCall, ToolResultTurn } from './providers';
import { runReadTool } from './read-tools';
import type { TaintTracker } from './taint';
import { capText, oneLine } from './tool-output';
import { limitNumbers } from './limit-numbers';
import { changeSummary, type AgentChanges } from './change-summary';

/** What the runner needs; one per session. */
export interface ToolCallRunnerDeps {
  readonly policy: Policy;
  readonly registry: ToolRegistry;
  readonly sandbox: AgentSandbox;
  readonly files: AgentFiles;
  readonly audit: AgentAudit;
  readonly redactor: Redactor;
  readonly approver: Approver;
  readonly workspace: string;
  readonly sessionId: string;
  readonly maxResultChars: number;
  /** A shadowed workspace's change set (see change-summary.ts). */
  readonly changes?: AgentChanges;
}

/** Per-turn context of a call. */
export interface CallContext {
  readonly caller: Caller;
  readonly signal: AbortSignal;
  readonly taint: TaintTracker;
  readonly emit: (event: AgentEvent) => void;
}

/** What became of a call: the result for the model, and whether the turn must pause or stop. */
export interface ToolCallOutcome {
  readonly result: ToolResultTurn;
  readonly status: ToolCallStatus;
  /** A limit tripped: the turn pauses with this message. */
  readonly pause?: string;
  /** Something below failed in a way the turn cannot go on from (audit, engine). */
  readonly fatal?: unknown;
  /** The policy denied the call or its schema rejected it (what `onViolation: 'halt'` ends the run on). */
  readonly violation?: Violation;
}

type Finish = (status: ToolCallStatus, content: string, isError: boolean, extra?: Pick<ToolCallOutcome, 'pause' | 'fatal' | 'violation'>) => ToolCallOutcome;

/** Runs tool calls for one session. */
export class ToolCallRunner {
  constructor(private readonly deps: ToolCallRunnerDeps) {}

  /** Handles one call the model made; never throws for anything the model or a person caused. */
  async run(raw: ModelToolCall, malformed: boolean, ctx: CallContext): Promise<ToolCallOutcome> {
    const started = performance.now();
    const finish: Finish = (status, content, isError, extra = {}) => {
      // The one redactor, then the cap: nothing secret and nothing huge reaches the model.
      const text = capText(this.deps.redactor.redact(content), this.deps.maxResultChars);
      ctx.emit({ type: 'tool-call-finished', callId: raw.id, tool: raw.name, status, isError, content: text, durationMs: performance.now() - started });
      return { result: { role: 'tool-result', toolCallId: raw.id, content: text, ...(isError ? { isError: true } : {}) }, status, ...extra };
    };
    try {
      return await this.pipeline(raw, malformed, ctx, finish);
    } catch (error) {
      if (ctx.signal.aborted) return finish('cancelled', 'Cancelled: the person stopped the task; this call did not complete.', true);
      if (isFatal(error)) return finish('failed', `The call could not complete: ${(error as Error).message}`, true, { fatal: error });
      this.deps.policy.limits.recordOutcome(false);
      return finish('failed', `Failed: ${(error as Error).message}`, true);
    }
  }

  private async pipeline(raw: ModelToolCall, malformed: boolean, ctx: CallContext, finish: Finish): Promise<ToolCallOutcome> {
    const { policy } = this.deps;
    const record = (event: Parameters<AgentAudit['append']>[0]) => this.deps.audit.append({ ...event, sessionId: this.deps.sessionId, caller: { ...ctx.caller } });
    const callId = auditId(raw.id);
    ctx.emit({ type: 'tool-call-proposed', callId: raw.id, tool: raw.name, arguments: raw.arguments });
    const args: unknown = malformed ? undefined : JSON.parse(raw.arguments);
    await record({
      type: 'tool-call-proposed', callId, tool: raw.name.slice(0, 1000),
      argsSha256: sha256Hex(malformed ? raw.arguments : canonicalJson(args)), summary: oneLine(`${raw.name} ${raw.arguments}`, 4000),
    });

    let decision: Decision = malformed
      ? { decision: 'deny', rule: 'schema', source: 'schema', reasons: [`${raw.name}: the arguments are not a JSON object; send {"name": value, …} matching the tool's schema`], subcommands: [], dryRun: policy.mode === 'dry-run' }
      : policy.decide({ tool: raw.name, args }, ctx.caller);
    await record(decisionEvent(callId, raw.name, decision, ctx.caller));
    const parsed = decision.decision === 'deny' || decision.decision === 'pause' ? undefined : this.deps.registry.parse({ tool: raw.name, args });
    const call = parsed?.ok ? parsed.call : undefined;

    let taint: string | undefined;
    if (call && ctx.taint.escalates(call.kind, decision.decision)) {
      taint = ctx.taint.reason as string;
      decision = { ...decision, decision: 'ask', rule: 'taint', source: 'builtin', reasons: [taint, ...decision.reasons] };
      await record(decisionEvent(callId, raw.name, decision, ctx.caller));
    }
    ctx.emit({
      type: 'tool-call-decided', callId: raw.id, tool: raw.name, decision: decision.decision, rule: decision.rule,
      source: decision.source, reasons: decision.reasons, dryRun: decision.dryRun, ...(taint ? { taint } : {}),
    });

    if (decision.decision === 'pause') {
      const message = decision.reasons[0] ?? 'Paused: a limit tripped.';
      await record({ type: 'limit-tripped', limit: decision.rule.replace(/^limits\./, ''), ...limitNumbers(message), action: 'paused' });
      return finish('skipped', `Not run: ${message}`, true, { pause: message });
    }
    if (decision.decision === 'deny' || !call) {
      policy.limits.recordOutcome(false);
      const violation: Violation = {
        callId, tool: raw.name.slice(0, 1000), summary: this.deps.redactor.redact(oneLine(`${raw.name} ${raw.arguments}`, 300)),
        rule: decision.rule, source: decision.source, reason: this.deps.redactor.redact(oneLine(decision.reasons.join('; '), 1000)),
      };
      return finish('refused', refusalText(decision), true, { violation });
    }
    if (decision.dryRun && call.kind !== 'read') {
      const would = decision.decision === 'allow' ? 'would run without asking' : 'would need the owner\'s approval';
      return finish('dry-run', `Dry run: ${describeCall(call)} ${would} (rule ${decision.rule}: ${decision.reasons.join('; ')}). Nothing ran.`, false);
    }

    let subject: ApprovalSubject | undefined;
    let outcome: ApprovalOutcome | undefined;
    if (call.kind === 'write') {
      const prepared = await editSubjectOf(call, this.deps.files, policy);
      if (!prepared.ok) {
        policy.limits.recordOutcome(false);
        return finish('failed', prepared.reason, true);
      }
      subject = prepared.subject;
    }
    if (decision.decision === 'ask') {
      subject ??= call.kind === 'exec' ? commandSubject(call.args as RunCommandArgs, await this.container()) : readSubject(call);
      // Whatever made the policy ask, the person should know untrusted content is in the context.
      outcome = await this.ask(raw.id, call, subject, decision, ctx.taint.reason, ctx);
      const refused = refusedOutcome(outcome);
      if (refused) {
        if (outcome.status !== 'cancelled') policy.limits.recordOutcome(false);
        return finish(refused.status, refused.text, true);
      }
    }

    ctx.emit({ type: 'tool-call-running', callId: raw.id, tool: call.tool, summary: describeCall(call) });
    if (call.kind === 'read') {
      const r = await runReadTool(call, this.deps.files, policy, this.deps.maxResultChars);
      this.noteTaint(call, r.paths, ctx);
      policy.limits.recordOutcome(true);
      return finish('ran', r.content, false);
    }
    if (call.kind === 'write') return this.write(call, subject as EditApprovalSubject, outcome, record, finish);

    const command = subject?.kind === 'command' ? subject : undefined;
    if (command) {
      // The approval binds the container and image: if either changed since, nothing runs.
      const now = await this.deps.sandbox.status();
      if (now.containerId !== command.containerId || now.image !== command.imageId) {
        return finish('refused', 'Not run: the sandbox container changed after the approval was given (its id or image differs), so the approval no longer applies. Propose the command again.', true);
      }
    }
    policy.limits.recordExecution();
    const approvalId = outcome?.status === 'approved' && outcome.approvalId ? { approvalId: outcome.approvalId } : {};
    const r = await runCommand(call.args as RunCommandArgs, command, this.deps, {
      caller: ctx.caller, sessionId: this.deps.sessionId, callId: raw.id, auditCallId: callId, signal: ctx.signal, emit: ctx.emit, ...approvalId,
    });
    this.noteTaint(call, r.paths, ctx);
    policy.limits.recordOutcome(r.ok);
    return finish(r.cancelled ? 'cancelled' : r.ok ? 'ran' : 'failed', r.content + (await this.changes()), !r.ok);
  }

  private async write(
    call: ToolCall, subject: EditApprovalSubject, outcome: ApprovalOutcome | undefined,
    record: (event: Parameters<AgentAudit['append']>[0]) => Promise<unknown>, finish: Finish,
  ): Promise<ToolCallOutcome> {
    const approvalId = outcome && 'approvalId' in outcome && outcome.approvalId ? { approvalId: outcome.approvalId } : {};
    const written = outcome && (outcome.status === 'approved' || outcome.status === 'partially-approved') ? outcome.written : undefined;
    if (written) {
      // The approver's review already wrote the file hunk by hunk and recorded each write: nothing to write or record again.
      this.deps.policy.limits.recordOutcome(true);
      if (outcome?.status === 'partially-approved') {
        return finish('ran', `The owner accepted part of the change to ${subject.path} (hunks ${outcome.acceptedHunks.join(', ') || 'none'} accepted, ${outcome.rejectedHunks.join(', ') || 'none'} rejected)${outcome.note ? `: "${outcome.note}"` : ''}. Read the file again before changing it further.`, false);
      }
      return finish('ran', `The owner approved and wrote the change to ${subject.path}.`, false);
    }
    // Recorded first, with the exact hashes; the write below lands exactly that or fails.
    // In a shadow workspace it lands in the sandbox's layer, and the line says so.
    const via = this.deps.files.writesTo === 'sandbox-layer' ? { via: 'sandbox-layer' as const } : {};
    await record({ type: 'file-change', path: subject.path, beforeSha256: subject.beforeSha256, afterSha256: subject.afterSha256, bytes: Buffer.byteLength(subject.after), ...approvalId, ...via });
    const approvedByPerson = outcome?.status === 'approved';
    let w: Awaited<ReturnType<AgentFiles['write']>>;
    try {
      w = await this.deps.files.write(subject.path, subject.after, {
        expectedSha256: subject.beforeSha256,
        createParents: true,
        // Protected paths are written only with a person's approval of this exact change.
        allowProtected: approvedByPerson && subject.protectedPath,
      });
    } catch (error) {
      // The guard refused (a symlink out, a protected alias, a file changed meanwhile): the
      // audit must not keep claiming the change, so a second line records the file as it stayed.
      await record({ type: 'file-change', path: subject.path, beforeSha256: subject.beforeSha256, afterSha256: subject.beforeSha256, bytes: 0, ...approvalId, ...via });
      throw error;
    }
    this.deps.policy.limits.recordOutcome(true);
    return finish('ran', `${w.created ? 'Created' : 'Wrote'} ${subject.path} (${w.bytes} bytes).${await this.changes()}`, false);
  }

  private async ask(callId: string, call: ToolCall, subject: ApprovalSubject, decision: Decision, taint: string | undefined, ctx: CallContext): Promise<ApprovalOutcome> {
    const { signal } = ctx;
    ctx.emit({ type: 'approval-requested', callId, subject, reasons: decision.reasons, ...(taint ? { taint } : {}) });
    const request = {
      callId, sessionId: this.deps.sessionId, workspace: this.deps.workspace, caller: ctx.caller,
      toolCall: { tool: call.tool, args: call.args }, subject, decision,
      explanation: this.deps.policy.explain({ tool: call.tool, args: call.args }, ctx.caller),
      bindingSha256: bindingSha256(subject), ...(taint ? { taint } : {}),
    };
    const cancelled: ApprovalOutcome = { status: 'cancelled', reason: 'the task was cancelled' };
    const outcome = signal.aborted ? cancelled : await raceAbort(this.deps.approver.requestApproval(request, signal), signal, cancelled);
    ctx.emit({ type: 'approval-resolved', callId, outcome });
    return outcome;
  }

  /** The container an approval binds to, started if there is none yet. */
  private async container(): Promise<{ containerId: string; imageId: string }> {
    let s = await this.deps.sandbox.status();
    if (!s.containerId || !s.image) s = await this.deps.sandbox.up();
    if (!s.containerId || !s.image) throw new SandboxError('the sandbox has no container to bind the approval to');
    return { containerId: s.containerId, imageId: s.image };
  }

  /** The shadow change set after a command or write, as a note for the model ('' when not shadowed or nothing changed). */
  private async changes(): Promise<string> {
    if (!this.deps.changes) return '';
    try {
      return changeSummary(await this.deps.changes.afterCommand());
    } catch (error) {
      if (error instanceof EngineUnreachableError || (error instanceof ClawdockError && /^Audit/.test(error.name))) throw error;
      return `\n[Shadow workspace: the change list could not be read (${(error as Error).message}).]`;
    }
  }

  private noteTaint(call: ToolCall, paths: readonly string[], ctx: CallContext): void {
    const reason = ctx.taint.noteResult(call.tool, call.kind, paths);
    if (reason) ctx.emit({ type: 'tainted', reason });
  }
}

/** The command a run_command call runs: `bash -c LINE` in its cwd, no extra env (as src/approvals binds it). */
export function commandSubject(args: RunCommandArgs, container: { containerId: string; imageId: string }): CommandApprovalSubject {
  return {
    kind: 'command', commandLine: args.command, argv: shellArgv(args.command), cwd: args.cwd ?? WORKSPACE_ROOT, env: {},
    containerId: container.containerId, imageId: container.imageId, ...(args.timeoutMs !== undefined ? { timeoutMs: args.timeoutMs } : {}),
  };
}

function readSubject(call: ToolCall): ApprovalSubject {
  return { kind: 'read', tool: call.tool, path: call.paths[0]?.relative ?? '.', args: call.args };
}

function refusedOutcome(outcome: ApprovalOutcome): { status: ToolCallStatus; text: string } | undefined {
  switch (outcome.status) {
    case 'approved':
    case 'partially-approved':
      return undefined;
    case 'rejected':
      return { status: 'rejected', text: `The owner rejected this call${outcome.note ? `: "${outcome.note}"` : ''}. It did not run. Do not retry it unchanged; take another approach or ask the owner.` };
    case 'expired':
      return { status: 'expired', text: `No one answered the approval within ${Math.round(outcome.afterMs / 1000)} s; it expired and the call did not run. Ask the owner before trying again.` };
    case 'cancelled':
      return { status: 'cancelled', text: `Cancelled (${outcome.reason}); the call did not run.` };
  }
}

function refusalText(d: Decision): string {
  return `Refused by policy (rule ${d.rule}, from ${d.source}): ${d.reasons.join('; ')}. This call will not run; do not retry it or work around it — take another approach or ask the owner.`;
}

/** A short account of a checked call, for the person and the model. */
export function describeCall(call: ToolCall): string {
  const a = call.args as Record<string, unknown>;
  if (call.tool === 'run_command') return `run \`${oneLine(String(a.command), 300)}\`${a.cwd && a.cwd !== WORKSPACE_ROOT ? ` in ${String(a.cwd)}` : ''}`;
  const path = call.paths[0]?.relative ?? '.';
  switch (call.tool) {
    case 'write_file': return `write ${path}`;
    case 'edit_file': return `edit ${path}`;
    case 'read_file': return `read ${path}`;
    case 'list_files': return `list ${path}`;
    case 'search': return `search ${path} for ${JSON.stringify(oneLine(String(a.pattern), 100))}`;
    default: return `${call.tool} ${path}`;
  }
}

function decisionEvent(callId: string, tool: string, d: Decision, caller: Caller): Parameters<AgentAudit['append']>[0] {
  return {
    type: 'policy-decision', callId, tool: tool.slice(0, 1000), decision: d.decision, rule: d.rule.slice(0, 1000), sourceLayer: d.source,
    callerProfile: caller.profile, reason: oneLine(d.reasons.join('; '), 1000), ...(d.dryRun ? { dryRun: true } : {}),
  };
}

/** Audit ids are 1–200 characters; a model's id is used as is when it fits. */
function auditId(id: string): string {
  return id.length > 0 && id.length <= 200 ? id : `call-${sha256Hex(id).slice(0, 16)}`;
}

/** Failures the turn cannot go on from: the audit log, the engine, or a bug. */
function isFatal(error: unknown): boolean {
  if (error instanceof EngineUnreachableError) return true;
  if (!(error instanceof ClawdockError)) return true;
  return error.name === 'AuditWriteError' || error.name === 'AuditEventError' || error.name === 'TranscriptError';
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal, onAbort: T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => resolve(onAbort);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
