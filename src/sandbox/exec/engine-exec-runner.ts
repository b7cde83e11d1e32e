import { randomBytes } from 'node:crypto';
import { SandboxError } from '../../core/errors';
import type { ContainerEngine } from '../engine/engine';
import { cancelledBeforeStart, type CommandRunner, type ExecHooks, type ExecResult, type FsRequest, type ResolvedExec } from './exec-types';
import { OutputBuffer } from './output-buffer';

/**
 * Kills every process carrying a run's marker. Used when the image has no python3
 * for the executor: the engine's exec API cannot kill what it started.
 */
const SWEEP = 'for f in /proc/[0-9]*/environ; do if grep -qa "CLAWDOCK_RUN=$1" "$f" 2>/dev/null; then p=${f#/proc/}; kill -9 "${p%/environ}" 2>/dev/null; fi; done';

/** Runs each command through the engine's exec API (create, start, inspect): slower, works in any image. */
export class EngineExecRunner implements CommandRunner {
  readonly alive = true;

  constructor(private readonly engine: ContainerEngine, private readonly containerId: string) {}

  async run(request: ResolvedExec, hooks: ExecHooks): Promise<ExecResult> {
    if (hooks.signal?.aborted) return cancelledBeforeStart();
    const token = randomBytes(8).toString('hex');
    const env = Object.entries({ ...request.env, CLAWDOCK_RUN: token }).map(([k, v]) => `${k}=${v}`);
    const started = performance.now();
    const process = await this.engine.exec(this.containerId, { argv: request.argv, env, cwd: request.cwd });
    const stdout = new OutputBuffer(request.capBytes);
    const stderr = new OutputBuffer(request.capBytes);
    process.stdout.on('data', (chunk: Buffer) => {
      const kept = stdout.push(chunk);
      if (kept.length > 0) hooks.onStdout?.(kept);
    });
    process.stderr.on('data', (chunk: Buffer) => {
      const kept = stderr.push(chunk);
      if (kept.length > 0) hooks.onStderr?.(kept);
    });
    let timedOut = false;
    let cancelled = false;
    const kill = async () => {
      const sweeper = await this.engine.exec(this.containerId, { argv: ['sh', '-c', SWEEP, 'sweep', token] });
      await sweeper.wait().catch(() => undefined);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      void kill();
    }, request.timeoutMs);
    const onAbort = () => {
      cancelled = true;
      void kill();
    };
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const exitCode = await process.wait();
      if (exitCode === 126 || exitCode === 127) {
        const why = stderr.text().trim();
        if (/exec failed|no such file|not found|permission denied/i.test(why) && stdout.total === 0) {
          throw new SandboxError(`the command could not start: ${why || `exit ${exitCode}`}`, { hint: 'check the program name and that it exists in the sandbox image' });
        }
      }
      return {
        exitCode,
        signal: exitCode > 128 ? exitCode - 128 : null,
        stdout: stdout.text(),
        stderr: stderr.text(),
        durationMs: performance.now() - started,
        timedOut,
        truncated: stdout.truncated || stderr.truncated,
        cancelled,
        oomKilled: false,
      };
    } finally {
      clearTimeout(timer);
      hooks.signal?.removeEventListener('abort', onAbort);
    }
  }

  fs(request: FsRequest): Promise<unknown> {
    return Promise.reject(new SandboxError(`the sandbox image has no python3, so Clawdock cannot ${request.action} files in the shadow workspace from inside it`, {
      hint: 'use the bundled image (empty `clawdock.sandbox.image`), add python3 to yours, or set `clawdock.sandbox.workspaceAccess` to "rw"',
    }));
  }

  dispose(): void {}
}
