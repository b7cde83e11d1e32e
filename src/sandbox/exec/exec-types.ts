/** One command to run in the sandbox. */
export interface ExecRequest {
  /** The program and its arguments; no shell unless argv asks for one. */
  readonly argv: readonly string[];
  /** Working directory, relative to /workspace or absolute under it. Default /workspace. */
  readonly cwd?: string;
  /** Extra environment. Nothing from the host environment enters the sandbox otherwise. */
  readonly env?: Readonly<Record<string, string>>;
  /** Kill the command's whole process group after this long. Default: the setting. */
  readonly timeoutMs?: number;
}

/** Callbacks and cancellation for one running command. */
export interface ExecHooks {
  readonly onStdout?: (chunk: Buffer) => void;
  readonly onStderr?: (chunk: Buffer) => void;
  readonly signal?: AbortSignal;
}

/** What a finished command left behind. */
export interface ExecResult {
  readonly exitCode: number;
  /** Set when the command was killed by a signal (9 after a timeout or a memory kill). */
  readonly signal: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  readonly timedOut: boolean;
  /** True when either stream went past the output cap and the rest was dropped. */
  readonly truncated: boolean;
  /** True when the command was cancelled through the abort signal. */
  readonly cancelled: boolean;
  /** True when the container ran out of memory while the command ran. */
  readonly oomKilled: boolean;
  /** `allowlist` network: what the egress proxy refused this command, each naming the setting that would allow it. */
  readonly networkRefusals?: readonly string[];
}

/**
 * A file operation inside the container, on /workspace as the sandbox sees
 * it (see executor-script.ts for each action's fields and answer).
 */
export interface FsRequest {
  readonly action: 'lstat' | 'read' | 'write' | 'remove' | 'chmod' | 'symlink' | 'mkdir' | 'list' | 'search' | 'manifest' | 'hash';
  readonly [field: string]: unknown;
}

/** Something that can run a command inside an already running container. */
export interface CommandRunner {
  run(request: ResolvedExec, hooks: ExecHooks): Promise<ExecResult>;
  /** Runs a file operation in the container; rejects with a SandboxError carrying the container's reason. */
  fs(request: FsRequest): Promise<unknown>;
  /** False once the runner can no longer run commands (its stream died). */
  readonly alive: boolean;
  dispose(): void;
}

/** An ExecRequest after validation: absolute cwd, full env, concrete limits. */
export interface ResolvedExec {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly capBytes: number;
}

/** The result of a command whose cancellation came before it started: it never ran. */
export function cancelledBeforeStart(): ExecResult {
  return { exitCode: 130, signal: null, stdout: '', stderr: '', durationMs: 0, timedOut: false, truncated: false, cancelled: true, oomKilled: false };
}
