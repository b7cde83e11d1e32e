// Clawdock's agent behind `vscode_agent` in the window: one FolderAgent per
// OpenClaw session (the same agent the chat panel and the built-in gateway's
// window link use: the folder's settings, model allowlist, policy, sandbox,
// audit log, approvals in the editor, Stop Everything), each with its own
// saved session, so what one chat asked never shows in another's context.
import type * as vscode from 'vscode';
import type { NodeServices } from '../../gateway';
import { FolderAgent } from '../agent/folder-agent';
import type { Ctx } from '../ctx';

type AgentPort = NonNullable<NodeServices['agent']>;

/** Runs gateway tasks on this window's agent. */
export class WindowAgent implements AgentPort {
  readonly kind = 'window' as const;
  private readonly agents = new Map<string, FolderAgent>();

  constructor(
    private readonly ctx: Ctx,
    private readonly folder: vscode.WorkspaceFolder,
  ) {}

  async run(task: Parameters<AgentPort['run']>[0], signal: AbortSignal): ReturnType<AgentPort['run']> {
    let agent = this.agents.get(task.conversation);
    if (!agent) {
      agent = new FolderAgent(this.ctx, this.folder);
      this.agents.set(task.conversation, agent);
    }
    const onAbort = () => agent?.cancel('the OpenClaw caller cancelled the task or its time ran out');
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      this.ctx.logger.info(`OpenClaw: running a vscode_agent task for ${task.caller.id} (${task.caller.profile})`);
      const result = await agent.run(task.text, task.caller);
      return { stop: result.stop, text: result.text };
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    for (const agent of this.agents.values()) agent.dispose();
    this.agents.clear();
  }
}
