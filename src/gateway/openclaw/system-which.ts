// `system.which`: which of the named programs the sandbox has, and where. A
// fixed script with the names as its arguments (never spliced into it), run
// in the container like any command and audited; read-only for every profile.
import type { AuditLog } from '../../audit';
import { auditedExec } from '../../sandbox';
import { auditSessionId, proposedEvent, recordFor } from './invocation-audit';
import { issuesOf, stripApprovalFields, systemWhichParams } from './invoke-params';
import { refused, type Invocation, type InvokeOutcome, type NodeServices } from './node-services';

const WHICH_SCRIPT = 'for b in "$@"; do p=$(command -v -- "$b") && case "$p" in /*) printf "%s\\t%s\\n" "$b" "$p";; esac; done; exit 0';

/** Answers `{ bins: { name: path } }` for the programs found. */
export async function systemWhich(raw: unknown, invocation: Invocation, services: NodeServices): Promise<InvokeOutcome> {
  const record = recordFor(services, invocation);
  await record(proposedEvent(services, invocation, 'system.which', raw));
  const parsed = systemWhichParams.safeParse(stripApprovalFields(raw).params);
  if (!parsed.success) return refused('INVALID_REQUEST', `Clawdock refused the params: ${issuesOf(parsed.error)}`);
  await services.sandbox.up();
  const result = await auditedExec(
    services.sandbox,
    { log: services.audit as Pick<AuditLog, 'append'> as AuditLog, redactor: services.redactor() },
    { argv: ['bash', '-c', WHICH_SCRIPT, 'which', ...parsed.data.bins], timeoutMs: 10_000 },
    { caller: invocation.caller, sessionId: auditSessionId(invocation.sessionKey), callId: invocation.id },
    { signal: invocation.signal },
  );
  if (result.exitCode !== 0) return refused('UNAVAILABLE', `Clawdock could not look the programs up in the sandbox (exit ${result.exitCode})`);
  const wanted = new Set(parsed.data.bins);
  const bins: Record<string, string> = {};
  for (const line of result.stdout.split('\n')) {
    const [name, path] = line.split('\t');
    if (name && path && wanted.has(name)) bins[name] = path;
  }
  return { ok: true, payload: { bins } };
}
