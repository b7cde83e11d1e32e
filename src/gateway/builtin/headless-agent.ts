// The gateway's own agent, for when no VS Code window is connected: the same
// loop as `clawdock agent run` (policy, sandbox, audit, provider), one session
// per conversation, approvals from the owner only (owner-approvals.ts).
import type { AgentAudit, AgentFiles, AgentSandbox, AgentSession, Approver, ModelProvider } from '../../agent';
import type { ModelAllowlist } from '../../agent/model-allowlist';
import { openAgentSession } from '../../agent';
import type { Redactor } from '../../audit';
import type { Policy } from '../../policy';
import type { AgentDispatch, GatewayTask, GatewayTaskResult } from './agent-dispatch';

/** What the headless agent is built from (the CLI wires the real ones). */
export interface HeadlessAgentOptions {
  readonly provider: ModelProvider;
  readonly policy: Policy;
  readonly sandbox: AgentSandbox;
  readonly files: AgentFiles;
  readonly audit: AgentAudit;
  readonly redactor: Redactor;
  readonly approver: Approver;
  readonly workspace: string;
  readonly sessionsDir: string;
  readonly maxTurns?: number;
  /** `clawdock.models.allowed` of the workspace (required: the gateway's agent cannot skip it). */
  readonly models: ModelAllowlist | (() => ModelAllowlist);
}

/** Runs gateway tasks in sessions of its own. */
export class HeadlessAgent implements AgentDispatch {
  readonly kind = 'headless' as const;
  readonly #sessions = new Map<string, Promise<AgentSession>>();

  constructor(private readonly options: HeadlessAgentOptions) {}

  async run(task: GatewayTask, signal: AbortSignal): Promise<GatewayTaskResult> {
    const session = await this.#session(task.conversation);
    // onViolation is left to the agent's default: halt for every caller but the owner.
    const r = await session.runTurn({ text: task.text, caller: task.caller }, { signal });
    return { stop: r.stop, text: r.text };
  }

  async close(): Promise<void> {
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(sessions.map(async (s) => (await s.catch(() => undefined))?.close().catch(() => undefined)));
  }

  #session(conversation: string): Promise<AgentSession> {
    let session = this.#sessions.get(conversation);
    if (!session) {
      const o = this.options;
      session = openAgentSession({
        provider: o.provider, policy: o.policy, sandbox: o.sandbox, files: o.files, audit: o.audit, redactor: o.redactor, approver: o.approver,
        workspace: o.workspace, sessionsDir: o.sessionsDir, models: o.models, ...(o.maxTurns !== undefined ? { budget: { maxTurns: o.maxTurns } } : {}),
      });
      session.catch(() => this.#sessions.delete(conversation));
      this.#sessions.set(conversation, session);
    }
    return session;
  }
}
