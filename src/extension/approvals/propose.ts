import * as vscode from 'vscode';
import type { ApprovalItem } from '../../approvals';
import { commandSubject, isMissingFileError } from '../../approvals';
import { sha256Hex } from '../../core/hash';
import type { Caller } from '../../core/caller';
import { ownerCaller } from '../../core/caller';
import { ClawdockError } from '../../core/errors';
import { excerpt } from '../../core/display';
import { resolveWorkspacePath } from '../../policy';
import { auditedExec, shellArgv } from '../../sandbox';
import type { RunCommandArgs } from '../../policy';
import type { Ctx } from '../ctx';
import { withSandboxProgress } from '../sandbox-progress';
import { runWithTranscript } from '../transcript-run';

/** What became of a proposed command. */
export type ProposeCommandResult =
  | { readonly status: 'ran'; readonly exitCode: number }
  | { readonly status: 'pending'; readonly id: string }
  | { readonly status: 'denied' | 'paused' | 'dry-run'; readonly reasons: readonly string[] };

/**
 * Sends a `run_command` call from `caller` (the owner at the palette by default)
 * through the folder's policy: `allow` runs it now; `ask` binds it to the running
 * container, queues an approval and opens its proposal; `deny` (or a tripped
 * limit, or dry-run mode) says why and runs nothing.
 */
export async function proposeCommand(ctx: Ctx, folder: vscode.WorkspaceFolder, commandLine: string, caller: Caller = ownerCaller('editor')): Promise<ProposeCommandResult> {
  const policy = await ctx.approvals.policies.get(folder);
  const call = { tool: 'run_command', args: { command: commandLine } };
  const decision = policy.decide(call, caller);
  if (decision.dryRun || decision.decision === 'deny' || decision.decision === 'pause') {
    const status = decision.dryRun ? 'dry-run' : decision.decision === 'deny' ? 'denied' : 'paused';
    void vscode.window.showWarningMessage(`Clawdock: ${status === 'denied' ? 'refused' : status === 'paused' ? 'paused' : `dry-run (would ${decision.decision})`} — ${excerpt(decision.reasons.join('; '), { limit: 1000, plain: true }).text}`);
    return { status, reasons: decision.reasons };
  }
  const sandbox = ctx.sandboxes.get(folder);
  if (decision.decision === 'allow') {
    const sink = await ctx.audit.sink(folder);
    const result = await runWithTranscript(ctx, folder, commandLine, (hooks) => auditedExec(sandbox, sink, { argv: shellArgv(commandLine) }, { caller }, hooks));
    return { status: 'ran', exitCode: result.exitCode };
  }
  // An approval binds to a container: bring it up first so its id and image are known.
  const status = await withSandboxProgress(sandbox, `Clawdock: starting the sandbox for ${folder.name}`, () => sandbox.up());
  const explanation = policy.explain(call, caller);
  const { item } = await ctx.approvals.queue.submit({
    caller,
    toolCall: call,
    decision: explanation.decision,
    explanation,
    subject: commandSubject(call.args as RunCommandArgs, status),
    workspace: folder.uri.fsPath,
    executor: 'host',
  });
  await ctx.approvals.open(item);
  return { status: 'pending', id: item.id };
}

/**
 * Proposes replacing the file at `path` (relative to the folder, or absolute
 * under /workspace) with `after` (null deletes it): queues an edit approval and
 * opens its diff. Nothing touches the file until hunks are accepted.
 */
export async function proposeEdit(ctx: Ctx, folder: vscode.WorkspaceFolder, path: string, after: string | null, caller: Caller = ownerCaller('editor')): Promise<ApprovalItem> {
  const resolved = resolveWorkspacePath(path);
  if (!resolved.ok) throw new ClawdockError(`cannot propose an edit of ${JSON.stringify(path)}: ${resolved.reason}`);
  const relative = resolved.path.relative;
  const current = await readCurrent(ctx, folder, relative);
  const before = current?.text ?? null;
  if (before === null && after === null) throw new ClawdockError(`cannot propose deleting ${relative}: it does not exist`);
  const policy = await ctx.approvals.policies.get(folder);
  // Deleting has no tool of its own yet; it is judged like writing the path.
  const call = { tool: 'write_file', args: { path: relative, content: after ?? '' } };
  const explanation = policy.explain(call, caller);
  if (explanation.decision.decision === 'deny' || explanation.decision.decision === 'pause') {
    throw new ClawdockError(`the policy refuses this edit: ${explanation.decision.reasons.join('; ')}`);
  }
  const { item } = await ctx.approvals.queue.submit({
    caller,
    toolCall: after === null ? { tool: 'delete_file', args: { path: relative } } : call,
    decision: explanation.decision,
    explanation,
    subject: {
      kind: 'edit', path: relative, before, beforeSha256: current?.sha256 ?? null, after, afterSha256: after === null ? null : sha256Hex(after),
      protectedPath: policy.isProtected(relative),
    },
    workspace: folder.uri.fsPath,
    executor: 'host',
  });
  await ctx.approvals.open(item);
  return item;
}

/** The file's text and the hash of its bytes (what a write must still find); null when it does not exist. */
async function readCurrent(ctx: Ctx, folder: vscode.WorkspaceFolder, relative: string): Promise<{ text: string; sha256: string } | null> {
  const fs = ctx.approvals.workspaceFs(folder);
  try {
    const read = await fs.read(relative);
    if (read.binary) throw new ClawdockError(`${relative} is not text; Clawdock proposes edits of text files only`);
    if (read.truncated) throw new ClawdockError(`${relative} is larger than one read (${read.size} bytes); too large to propose an edit of`);
    return { text: read.content, sha256: read.sha256 };
  } catch (err) {
    if (isMissingFileError(err)) return null;
    throw err;
  }
}
