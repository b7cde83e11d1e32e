import { randomBytes } from 'node:crypto';
import { SandboxError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { AttachedProcess, ContainerEngine } from '../engine/engine';
import { executorScript } from './executor-script';
import { cancelledBeforeStart, type CommandRunner, type ExecHooks, type ExecResult, type FsRequest, type ResolvedExec } from './exec-types';
import { FrameReader, type Frame } from './frame-reader';
import { OutputBuffer } from './output-buffer';

interface Pending {
  readonly started: number;
  readonly stdout: OutputBuffer;
  readonly stderr: OutputBuffer;
  readonly hooks: ExecHooks;
  cancelled: boolean;
  timedOut: boolean;
  settle(result: ExecResult | Error): void;
}

/** How long the executor may take to say it is ready before we fall back to the exec API. */
const READY_TIMEOUT_MS = 10_000;
/** Host-side backstop on top of the executor's own timeout. */
const KILL_GRACE_MS = 3_000;

/**
 * Runs commands through one executor process kept alive in the container and
 * fed over one attached exec stream (see executor-script.ts).
 */
export class PersistentRunner implements CommandRunner {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly fsPending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; action: string }>();
  private dead = false;
  private deathReason = 'the executor stopped';

  private constructor(private readonly process: AttachedProcess, private readonly logger: Logger) {}

  /** Starts the executor; rejects when the image cannot run it (no python3), so the caller can fall back. */
  static async start(engine: ContainerEngine, containerId: string, env: readonly string[], logger: Logger): Promise<PersistentRunner> {
    const process = await engine.exec(containerId, { argv: ['python3', '-S', '-u', '-c', executorScript()], env, cwd: '/workspace', stdin: true });
    const runner = new PersistentRunner(process, logger);
    await runner.waitReady(process);
    return runner;
  }

  get alive(): boolean {
    return !this.dead;
  }

  private waitReady(process: AttachedProcess): Promise<void> {
    return new Promise((resolve, reject) => {
      let stderr = '';
      let ready = false;
      const timer = setTimeout(() => fail(new SandboxError('the in-container executor did not start in time')), READY_TIMEOUT_MS);
      const fail = (err: Error) => {
        clearTimeout(timer);
        if (!ready) {
          this.die(err.message);
          process.close();
          reject(err);
        }
      };
      const reader = new FrameReader((frame) => {
        if (!ready && frame.kind === 'R') {
          ready = true;
          clearTimeout(timer);
          resolve();
          return;
        }
        this.onFrame(frame);
      });
      process.stdout.on('data', (chunk: Buffer) => reader.push(chunk));
      process.stderr.on('data', (chunk: Buffer) => {
        if (stderr.length < 4096) stderr += chunk.toString('utf8');
      });
      process.stdout.once('end', () => {
        const reason = stderr.trim() ? `the executor stopped: ${stderr.trim().split('\n').pop()}` : 'the executor stopped (the container may have stopped)';
        fail(new SandboxError(reason));
        this.die(reason);
      });
    });
  }

  private onFrame(frame: Frame): void {
    if (frame.kind === 'J') {
      const op = this.fsPending.get(frame.id);
      if (!op) return;
      this.fsPending.delete(frame.id);
      const answer = JSON.parse(frame.payload.toString('utf8')) as { ok: boolean; result?: unknown; error?: string; errno?: number | null };
      if (answer.ok) op.resolve(answer.result);
      else op.reject(fsError(op.action, answer.error ?? 'unknown error', answer.errno ?? null));
      return;
    }
    const job = this.pending.get(frame.id);
    if (!job) return;
    switch (frame.kind) {
      case 'O': {
        const kept = job.stdout.push(frame.payload);
        if (kept.length > 0) job.hooks.onStdout?.(kept);
        break;
      }
      case 'E': {
        const kept = job.stderr.push(frame.payload);
        if (kept.length > 0) job.hooks.onStderr?.(kept);
        break;
      }
      case 'F': {
        const { error } = JSON.parse(frame.payload.toString('utf8')) as { error: string };
        job.settle(new SandboxError(`the command could not start: ${error}`, { hint: 'check the program name and that it exists in the sandbox image' }));
        break;
      }
      case 'X': {
        const exit = JSON.parse(frame.payload.toString('utf8')) as { code: number; signal: number | null; timedOut: boolean; truncated: boolean };
        job.settle({
          exitCode: exit.code,
          signal: exit.signal,
          stdout: job.stdout.text(),
          stderr: job.stderr.text(),
          durationMs: performance.now() - job.started,
          timedOut: exit.timedOut || job.timedOut,
          truncated: exit.truncated || job.stdout.truncated || job.stderr.truncated,
          cancelled: job.cancelled,
          oomKilled: false,
        });
        break;
      }
    }
  }

  private die(reason: string): void {
    if (this.dead) return;
    this.dead = true;
    this.deathReason = reason;
    for (const job of this.pending.values()) job.settle(new SandboxError(`${reason} while the command ran`));
    this.pending.clear();
    for (const op of this.fsPending.values()) op.reject(new SandboxError(`${reason} during a file operation`));
    this.fsPending.clear();
  }

  private send(message: object): void {
    this.process.stdin.write(`${JSON.stringify(message)}\n`);
  }

  run(request: ResolvedExec, hooks: ExecHooks): Promise<ExecResult> {
    if (this.dead) return Promise.reject(new SandboxError(this.deathReason));
    if (hooks.signal?.aborted) return Promise.resolve(cancelledBeforeStart());
    const id = this.nextId++;
    return new Promise<ExecResult>((resolve, reject) => {
      const onAbort = () => {
        job.cancelled = true;
        this.send({ op: 'kill', id });
      };
      const job: Pending = {
        started: performance.now(),
        stdout: new OutputBuffer(request.capBytes),
        stderr: new OutputBuffer(request.capBytes),
        hooks,
        cancelled: false,
        timedOut: false,
        settle: (result) => {
          if (!this.pending.delete(id) && !this.dead) return;
          clearTimeout(backstop);
          clearTimeout(lastWord);
          hooks.signal?.removeEventListener('abort', onAbort);
          if (result instanceof Error) reject(result);
          else resolve(result);
        },
      };
      this.pending.set(id, job);
      if (hooks.signal?.aborted) onAbort();
      hooks.signal?.addEventListener('abort', onAbort, { once: true });
      // The executor enforces the timeout itself; this only covers an executor that hangs.
      let lastWord: NodeJS.Timeout | undefined;
      const backstop = setTimeout(() => {
        job.timedOut = true;
        this.send({ op: 'kill', id, timedOut: true });
        this.logger.warn(`command ${id} outlived its timeout by ${KILL_GRACE_MS} ms; asked the executor to kill it`);
        // An executor that cannot answer (a frozen or vanished container) must not hold the caller forever.
        lastWord = setTimeout(() => job.settle(new SandboxError('the command did not report its end after it was killed; the sandbox may be frozen (Stop Everything) or gone')), KILL_GRACE_MS);
      }, request.timeoutMs + KILL_GRACE_MS);
      this.send({
        op: 'run',
        id,
        token: randomBytes(8).toString('hex'),
        argv: request.argv,
        cwd: request.cwd,
        env: request.env,
        timeoutMs: request.timeoutMs,
        capBytes: request.capBytes,
      });
    });
  }

  fs(request: FsRequest): Promise<unknown> {
    if (this.dead) return Promise.reject(new SandboxError(this.deathReason));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.fsPending.set(id, { resolve, reject, action: request.action });
      this.send({ ...request, op: 'fs', id });
    });
  }

  dispose(): void {
    this.die('the sandbox session ended');
    try {
      this.process.stdin.end();
    } catch {
      // The stream may already be gone with the container.
    }
    this.process.close();
  }
}

// errno values the container's Linux reports, as Node names them, so callers can test `cause.code` as for host errors.
const ERRNO_CODES: Record<number, string> = { 1: 'EPERM', 2: 'ENOENT', 13: 'EACCES', 17: 'EEXIST', 20: 'ENOTDIR', 21: 'EISDIR', 28: 'ENOSPC', 36: 'ENAMETOOLONG', 39: 'ENOTEMPTY', 40: 'ELOOP' };

function fsError(action: string, message: string, errno: number | null): SandboxError {
  const code = errno !== null ? ERRNO_CODES[errno] : undefined;
  const clean = message.replace(/^\[Errno \d+\] /, '').replace(/: '(\/workspace[^']*)'$/, ': $1');
  const cause = code ? Object.assign(new Error(clean), { code }) : undefined;
  return new SandboxError(code === 'ENOENT' ? clean.toLowerCase() : `${action} in the sandbox failed: ${clean}`, cause ? { cause } : {});
}
