import { SandboxError } from '../core/errors';
import type { ExecHooks, ExecResult } from '../sandbox';
import { shellArgv } from '../sandbox';
import { resolveWorkspacePath } from '../policy';
import type { RunCommandArgs } from '../policy';
import type { ApprovalItem, CommandSubject } from './approval';
import { ApprovalMismatchError } from './approval-mismatch-error';
import { assertBinding } from './binding';
import { subjectBinding } from './subject-binding';

/** What running an approved command needs from a sandbox (Sandbox fits). */
export interface CommandSandbox {
  status(): Promise<{ readonly containerId: string | null; readonly image: string | null }>;
  exec(request: { argv: readonly string[]; cwd?: string; env?: Readonly<Record<string, string>>; timeoutMs?: number }, hooks?: ExecHooks): Promise<ExecResult>;
}

/**
 * The subject of a `run_command` call as it would run in the container `status`
 * names: `bash -c LINE` in its cwd, no extra env. Throws when the sandbox has no
 * container yet: a command can only be bound to a container that exists.
 */
export function commandSubject(args: RunCommandArgs, status: { readonly containerId: string | null; readonly image: string | null }): CommandSubject {
  if (!status.containerId || !status.image) throw new SandboxError('the sandbox has no container to bind the approval to', { hint: 'start the sandbox first' });
  const cwd = resolveWorkspacePath(args.cwd ?? '.');
  if (!cwd.ok) throw new SandboxError(`cwd ${JSON.stringify(args.cwd)}: ${cwd.reason}`);
  return {
    kind: 'command',
    commandLine: args.command,
    argv: shellArgv(args.command),
    cwd: cwd.path.absolute,
    env: {},
    containerId: status.containerId,
    imageId: status.image,
    ...(args.timeoutMs !== undefined ? { timeoutMs: args.timeoutMs } : {}),
  };
}

/**
 * Runs an approved command item: re-reads the container's id and image and checks
 * them, with argv, cwd and env, against the approval's binding; on any mismatch
 * ApprovalMismatchError is thrown and nothing runs.
 */
export async function runApprovedCommand(item: ApprovalItem, sandbox: CommandSandbox, hooks: ExecHooks = {}): Promise<ExecResult> {
  if (item.subject.kind !== 'command') throw new ApprovalMismatchError(item.id, ['kind']);
  if (item.status !== 'approved') throw new ApprovalMismatchError(item.id, [`status (${item.status}, not approved)`]);
  const subject = item.subject;
  const status = await sandbox.status();
  assertBinding(
    { id: item.id, binding: item.binding, bound: subjectBinding(subject) },
    { kind: 'command', argv: subject.argv, cwd: subject.cwd, env: subject.env, containerId: status.containerId ?? '', imageId: status.image ?? '' },
  );
  return sandbox.exec({ argv: subject.argv, cwd: subject.cwd, env: subject.env, ...(subject.timeoutMs !== undefined ? { timeoutMs: subject.timeoutMs } : {}) }, hooks);
}
