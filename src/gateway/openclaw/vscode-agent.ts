// `vscode_agent`: the tool this node publishes to the gateway's agent — "give
// this task to the sandboxed agent in VS Code". The task runs as a turn of
// Clawdock's agent, in a session of its own per OpenClaw session, under the
// caller's profile (a group's task gets read-only tools), tainted as coming
// from someone other than the owner; its final answer goes back as the result.
import { proposedEvent, recordFor } from './invocation-audit';
import { issuesOf, stripApprovalFields, vscodeAgentParams } from './invoke-params';
import { refused, type Invocation, type InvokeOutcome, type NodeServices } from './node-services';

/** The descriptor published with `node.pluginTools.update`. */
export const VSCODE_AGENT_TOOL = {
  pluginId: 'clawdock',
  name: 'vscode_agent',
  command: 'vscode_agent',
  description: 'Give a coding task to the sandboxed Clawdock agent in VS Code: it works in the workspace\'s Docker sandbox, under the owner\'s policy and approvals, and answers with a summary of what it did.',
  parameters: {
    type: 'object',
    properties: { task: { type: 'string', description: 'What the agent should do, in plain words.' } },
    required: ['task'],
    additionalProperties: false,
  },
} as const;

/** How long before the gateway's deadline the turn is stopped, so its answer still arrives. */
const ANSWER_MARGIN_MS = 1_500;

/** Runs the task and answers with the agent's last text. */
export async function vscodeAgent(raw: unknown, invocation: Invocation, services: NodeServices): Promise<InvokeOutcome> {
  await recordFor(services, invocation)(proposedEvent(services, invocation, 'vscode_agent', raw));
  const parsed = vscodeAgentParams.safeParse(stripApprovalFields(raw).params);
  if (!parsed.success) return refused('INVALID_REQUEST', `Clawdock refused the params: ${issuesOf(parsed.error)}`);
  if (!services.agent) return refused('UNAVAILABLE', 'Clawdock has no agent set up in this window (choose a model in the Clawdock chat panel)');
  const stop = new AbortController();
  const onAbort = () => stop.abort(invocation.signal.reason);
  invocation.signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => stop.abort(new Error('the gateway\'s time for this tool call ran out')), Math.max(1_000, invocation.deadline - Date.now() - ANSWER_MARGIN_MS));
  try {
    const result = await services.agent.run({
      id: invocation.id,
      conversation: `openclaw:${invocation.sessionKey ?? '(no session)'}`,
      caller: invocation.caller,
      text: parsed.data.task,
      origin: `OpenClaw session ${invocation.sessionKey ?? '(none)'}`,
    }, stop.signal);
    const text = services.redactor().redact(result.text.trim() || '(the agent gave no answer)');
    const finished = result.stop.reason === 'finished';
    const note = finished ? '' : `\n\n[Clawdock: the task stopped early (${result.stop.reason}): ${result.stop.message}]`;
    return { ok: true, payload: { content: [{ type: 'text', text: `${text}${note}`.slice(0, 100_000) }], details: { stop: result.stop.reason } } };
  } finally {
    clearTimeout(timer);
    invocation.signal.removeEventListener('abort', onAbort);
  }
}
