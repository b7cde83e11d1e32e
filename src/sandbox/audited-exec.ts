import { StringDecoder } from 'node:string_decoder';
import type { AuditEvent, AuditLog, Redactor } from '../audit';
import type { Caller } from '../core/caller';
import { sha256Hex } from '../core/hash';
import type { ExecHooks, ExecRequest, ExecResult } from './exec/exec-types';
import type { Sandbox } from './sandbox';

/**
 * Where audited actions are recorded, and the one redactor every surface uses.
 * A log without `appendBatched` (a plain `{ append }`) gets the end line awaited,
 * with an fsync of its own.
 */
export interface AuditSink {
  readonly log: Pick<AuditLog, 'append'> & Partial<Pick<AuditLog, 'appendBatched'>>;
  readonly redactor: Redactor;
}

/** Who asked for a command and under which call or approval, for the audit lines. */
export interface ExecContext {
  readonly caller: Caller;
  readonly callId?: string;
  readonly approvalId?: string;
  readonly sessionId?: string;
}

const EXCERPT_BYTES = 2_048;

/** Redacts a byte stream on the way to a hook; keeps multi-byte characters and secrets split across chunks whole. */
function redactingHook(redactor: Redactor, hook: ((chunk: Buffer) => void) | undefined) {
  if (!hook) return { push: undefined, end: () => undefined };
  const decoder = new StringDecoder('utf8');
  const stream = redactor.createStreamRedactor();
  const emit = (text: string) => {
    if (text) hook(Buffer.from(text, 'utf8'));
  };
  return {
    push: (chunk: Buffer) => emit(stream.push(decoder.write(chunk))),
    end: () => emit(stream.push(decoder.end()) + stream.flush()),
  };
}

/**
 * Runs a command with its audit trail: `exec-start` is on disk before the command
 * starts (if it cannot be written, nothing runs), the streamed output is redacted,
 * and `exec` records how it ended with a digest of the raw output and a redacted
 * excerpt (group-committed: durable with the next line, see AuditLog.appendBatched).
 * The result's output is redacted too: it goes on to people and models.
 */
export async function auditedExec(sandbox: Sandbox, sink: AuditSink, request: ExecRequest, context: ExecContext, hooks: ExecHooks = {}): Promise<ExecResult> {
  const common = {
    ...(context.sessionId ? { sessionId: context.sessionId } : {}),
    caller: { profile: context.caller.profile, surface: context.caller.surface, id: context.caller.id },
    ...(context.callId ? { callId: context.callId } : {}),
  };
  const cwd = request.cwd ?? '.';
  const container = sandbox.workspace.containerName;
  await sink.log.append({ type: 'exec-start', ...common, argv: [...request.argv], cwd, container, ...(context.approvalId ? { approvalId: context.approvalId } : {}) });

  const out = redactingHook(sink.redactor, hooks.onStdout);
  const err = redactingHook(sink.redactor, hooks.onStderr);
  let result: ExecResult;
  try {
    result = await sandbox.exec(request, { ...(out.push ? { onStdout: out.push } : {}), ...(err.push ? { onStderr: err.push } : {}), ...(hooks.signal ? { signal: hooks.signal } : {}) });
  } catch (error) {
    await sink.log.append({
      type: 'exec', ...common, argv: [...request.argv], cwd, container, exitCode: null, durationMs: 0, outputBytes: 0,
      outputSha256: sha256Hex(''), excerpt: sink.redactor.redact(`could not run: ${(error as Error).message}`).slice(0, EXCERPT_BYTES), timedOut: false, truncated: false,
    });
    throw error;
  } finally {
    out.end();
    err.end();
  }
  const raw = result.stdout + result.stderr;
  const excerpt = sink.redactor.redact(raw.length > EXCERPT_BYTES ? `${raw.slice(0, EXCERPT_BYTES)}…` : raw).slice(0, 4_096);
  const ended: AuditEvent = {
    type: 'exec', ...common, argv: [...request.argv], cwd, container,
    exitCode: result.signal !== null && result.exitCode > 128 ? null : result.exitCode,
    durationMs: Math.round(result.durationMs * 1000) / 1000,
    outputBytes: Buffer.byteLength(raw),
    outputSha256: sha256Hex(raw),
    excerpt,
    timedOut: result.timedOut,
    truncated: result.truncated,
  };
  if (sink.log.appendBatched) {
    // How it ended is a record of what already happened: written now, made durable with the next
    // line's fsync (a group commit) or within a moment. Not awaited, so the result is not held up
    // by a second fsync; a line that cannot be written breaks the log, so the next command does
    // not run unrecorded (issue 11: the audited path at full speed).
    void sink.log.appendBatched(ended).catch(() => undefined);
  } else {
    await sink.log.append(ended);
  }
  return { ...result, stdout: sink.redactor.redact(result.stdout), stderr: sink.redactor.redact(result.stderr) };
}
