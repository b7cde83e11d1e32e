// What the owner still has to do on the gateway host, read from the gateway's
// answers: the connect error (token, protocol, device pairing), whether the
// published tool came back (it is filtered out until the node's command
// surface is approved and `vscode_agent` is in gateway.nodes.commands.allow),
// and the pairing decisions the gateway announces.
import type { OpenClawConnectError } from './connect-error';
import { VSCODE_AGENT_TOOL } from './vscode-agent';

/** The bridge's state as the status bar and `clawdock gateway connect` show it. */
export type BridgeStatus =
  | { readonly kind: 'stopped' }
  | { readonly kind: 'connecting'; readonly detail?: string }
  /** Connected, but the gateway has not approved what this node serves yet. */
  | { readonly kind: 'pairing-pending'; readonly detail: string }
  | { readonly kind: 'connected'; readonly detail: string }
  | { readonly kind: 'refused'; readonly detail: string };

/** What the steps are computed from. */
export interface SetupFacts {
  readonly url: string;
  readonly nodeId: string;
  readonly displayName: string;
  /** Whether this node declares `vscode_agent` (it does when Clawdock's agent is available). */
  readonly declaresAgentTool: boolean;
  readonly connected: boolean;
  /** The connect was refused, or the device waits for approval (`pairing`). */
  readonly connectError?: OpenClawConnectError;
  /** The tools the gateway accepted at the last `node.pluginTools.update` (undefined before one answered). */
  readonly acceptedTools?: readonly string[];
  /** The gateway announced an approved pairing for this node (`node.pair.resolved`). */
  readonly surfaceApproved: boolean;
}

const ALLOW = `openclaw config set gateway.nodes.commands.allow '["${VSCODE_AGENT_TOOL.command}"]' --strict-json`;

/** The status and the exact steps still needed, in order. */
export function setupSteps(facts: SetupFacts): { status: BridgeStatus; steps: string[] } {
  const who = `node "${facts.displayName}" (${facts.nodeId.slice(0, 12)}…)`;
  const error = facts.connectError;
  if (error && (error.kind === 'auth' || error.kind === 'protocol')) {
    return { status: { kind: 'refused', detail: error.message }, steps: error.hint ? [error.hint] : [] };
  }
  if (error?.kind === 'pairing') {
    const approve = error.requestId ? `openclaw devices approve ${error.requestId}` : 'openclaw devices list   # then: openclaw devices approve <requestId>';
    return { status: { kind: 'pairing-pending', detail: `the gateway at ${facts.url} waits for the owner to approve this device` }, steps: [approve] };
  }
  if (!facts.connected) return { status: { kind: 'connecting', ...(error ? { detail: error.message } : {}) }, steps: [] };

  const toolLive = facts.acceptedTools?.includes(VSCODE_AGENT_TOOL.name) ?? false;
  const approveSurface = `openclaw nodes pending   # find the request of ${who}, then: openclaw nodes approve <requestId>`;
  const execHere = 'openclaw config set tools.exec.host node   # optional: the gateway agent\'s exec runs in this sandbox';
  if (facts.declaresAgentTool && toolLive) {
    return { status: { kind: 'connected', detail: `connected to ${facts.url}; vscode_agent and system.run are served here` }, steps: [] };
  }
  if (!facts.declaresAgentTool) {
    // Without a published tool the gateway's answers do not show whether the commands were approved; say so.
    return facts.surfaceApproved
      ? { status: { kind: 'connected', detail: `connected to ${facts.url}; system.run is served here` }, steps: [] }
      : {
        status: { kind: 'connected', detail: `connected to ${facts.url}; \`openclaw nodes status\` shows whether the gateway approved this node's commands` },
        steps: [`if it has not: ${approveSurface}`, execHere],
      };
  }
  if (facts.surfaceApproved) {
    // Approved, yet the tool is filtered: the approval did not include vscode_agent, which needs the allow list first.
    return {
      status: { kind: 'pairing-pending', detail: `connected to ${facts.url}; the gateway approved this node without vscode_agent` },
      steps: [ALLOW, 'then reconnect this node (run Connect again), and approve its new request:', approveSurface],
    };
  }
  return {
    status: { kind: 'pairing-pending', detail: `connected to ${facts.url}; the gateway must approve this node's commands` },
    steps: [`${ALLOW}   # once, before approving: custom node commands must be allowed`, approveSurface, execHere],
  };
}
