// Where an accepted message is run: the VS Code window's agent when one is
// connected (window-link/), else the gateway's own headless agent. Both run it
// in the workspace's sandbox under the caller's profile; only the owner
// answers approvals.
import type { TurnStop } from '../../agent';
import type { Caller } from '../../core/caller';

/** One message for the agent. */
export interface GatewayTask {
  readonly id: string;
  /** Each conversation (a DM, a group) has its own agent session. */
  readonly conversation: string;
  readonly caller: Caller;
  readonly text: string;
  /** Where it came from, for the approval requests the owner sees. */
  readonly origin: string;
}

/** How a task ended. */
export interface GatewayTaskResult {
  readonly stop: TurnStop;
  /** The model's last text. */
  readonly text: string;
}

/** Runs tasks. */
export interface AgentDispatch {
  /** For the log and the extension's status: `window` or `headless`. */
  readonly kind: 'window' | 'headless';
  run(task: GatewayTask, signal: AbortSignal): Promise<GatewayTaskResult>;
  close(): Promise<void>;
}
