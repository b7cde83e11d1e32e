// run_command in the sandbox: `bash -c LINE` with the call's cwd and timeout,
// through the sandbox's audited exec (exec-start is on disk before the command
// starts; `exec` records how it ended). Output is streamed, redacted, to the
// event stream while it runs; the turn's signal cancels it (the sandbox kills
// the whole process group).
import type { AuditLog, Redactor } from '../audit';
import type { Caller } from '../core/caller';
import type { RunCommandArgs } from '../policy';
import { resolveWorkspacePath, WORKSPACE_ROOT } from '../policy';
import { auditedExec, shellArgv } from '../sandbox';
import type { AgentEvent } from './agent-events';
import type { AgentSandbox } from './agent-services';
import type { CommandApprovalSubject } from './approver';
import { formatExecResult } from './tool-output';

/** What a command left for the model and for taint. */
export interface CommandRun {
  readonly ok: boolean;
  readonly cancelled: boolean;
  /** Already redacted by the audited exec. */
  readonly content: string;
  /** Workspace files the command line names (for untrusted-path taint). */
  readonly paths: readonly string[];
}

/** Who and what a command runs for, for the audit lines and the events. */
export interface CommandContext {
  readonly caller: Caller;
  readonly sessionId: string;
  /** The model's id for the call (events); the audit gets `auditCallId`. */
  readonly callId: string;
  readonly auditCallId: string;
  readonly approvalId?: string;
  readonly signal: AbortSignal;
  readonly emit: (event: AgentEvent) => void;
}

/** Live output shown per call; the rest still reaches the model (capped) when the command ends. */
const LIVE_OUTPUT_CHARS = 64 * 1024;

/** Runs an allowed or approved command. With `approved`, exactly its argv, cwd, env and timeout run. */
export async function runCommand(
  args: RunCommandArgs,
  approved: CommandApprovalSubject | undefined,
  deps: { readonly sandbox: AgentSandbox; readonly audit: Pick<AuditLog, 'append'>; readonly redactor: Redactor },
  ctx: CommandContext,
): Promise<CommandRun> {
  const argv = approved?.argv ?? shellArgv(args.command);
  const cwd = approved?.cwd ?? args.cwd ?? WORKSPACE_ROOT;
  const env = approved?.env ?? {};
  const timeoutMs = approved ? approved.timeoutMs : args.timeoutMs;
  let live = 0;
  const emitter = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    if (live >= LIVE_OUTPUT_CHARS) return;
    const text = chunk.toString('utf8').slice(0, LIVE_OUTPUT_CHARS - live);
    live += text.length;
    ctx.emit({ type: 'tool-output', callId: ctx.callId, stream, text: live >= LIVE_OUTPUT_CHARS ? `${text}\n[live output stops here; the result has the rest]\n` : text });
  };
  const result = await auditedExec(
    deps.sandbox,
    { log: deps.audit as AuditLog, redactor: deps.redactor },
    { argv, cwd, env, ...(timeoutMs !== undefined ? { timeoutMs } : {}) },
    { caller: ctx.caller, sessionId: ctx.sessionId, callId: ctx.auditCallId, ...(ctx.approvalId ? { approvalId: ctx.approvalId } : {}) },
    { signal: ctx.signal, onStdout: emitter('stdout'), onStderr: emitter('stderr') },
  );
  return {
    ok: result.exitCode === 0 && !result.timedOut && !result.cancelled,
    cancelled: result.cancelled,
    content: formatExecResult(result),
    paths: namedPaths(args.command, cwd),
  };
}

/** Words of a command line that name workspace paths (a rough cut: taint only needs a hint). */
function namedPaths(command: string, cwd: string): string[] {
  const out: string[] = [];
  for (const word of command.split(/[\s;|&<>()'"`]+/)) {
    if (word === '' || word.startsWith('-') || word.includes('$')) continue;
    const r = resolveWorkspacePath(word, cwd);
    if (r.ok && r.path.relative !== '.') out.push(r.path.relative);
  }
  return out;
}
