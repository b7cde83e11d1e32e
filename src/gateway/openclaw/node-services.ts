// What the bridge's commands need from the rest of Clawdock, as small ports:
// the extension and the CLI each wire their own (SecretStorage and the editor's
// approval queue; a 0600 file and the terminal), the commands stay the same.
import type { Approver } from '../../agent';
import type { AuditEvent, Redactor } from '../../audit';
import type { Caller } from '../../core/caller';
import type { Logger } from '../../core/logger';
import type { Policy } from '../../policy';
import type { Sandbox } from '../../sandbox';
import type { AgentDispatch } from '../builtin/agent-dispatch';

/** The workspace this node serves and everything its commands run through. */
export interface NodeServices {
  /** Host path of the workspace folder. */
  readonly workspace: string;
  /** The policy as the settings are now (one per invocation, so a settings change applies to the next). */
  policy(): Promise<Policy>;
  readonly sandbox: Sandbox;
  /** The workspace's audit log: every invocation is recorded before it runs. */
  readonly audit: { append(event: AuditEvent): Promise<unknown> };
  /** The one redactor (secrets masked in output and audit). */
  redactor(): Redactor;
  /** Asks the owner (the editor's approval queue; the terminal in the CLI). */
  readonly approver: Approver;
  /** Clawdock's agent for `vscode_agent`; without it the tool is not published. */
  readonly agent?: AgentDispatch;
  readonly logger?: Logger;
}

/** One invocation as a command handler sees it. */
export interface Invocation {
  /** The gateway's invoke id: the audit's call id. */
  readonly id: string;
  readonly caller: Caller;
  /** The OpenClaw session key, recorded with every audit line of the invocation. */
  readonly sessionKey: string | undefined;
  /** Aborts on `node.invoke.cancel`, at the invocation's deadline, and when the node stops. */
  readonly signal: AbortSignal;
  /** Epoch ms after which the gateway no longer waits for the answer. */
  readonly deadline: number;
  /** Streams a piece of output to the caller (`node.invoke.progress`), redacted; never throws. */
  progress(text: string): void;
}

/** What goes back in `node.invoke.result`. */
export type InvokeOutcome =
  | { readonly ok: true; readonly payload: unknown }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** A refusal the caller reads (and its model, through the gateway's tool result). */
export function refused(code: string, message: string): InvokeOutcome {
  return { ok: false, code, message: message.slice(0, 4000) };
}
