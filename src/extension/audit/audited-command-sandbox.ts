import type { CommandSandbox } from '../../approvals';
import { auditedExec, type AuditSink, type ExecContext, type Sandbox } from '../../sandbox';

/**
 * The sandbox as `runApprovedCommand` sees it, with every command going
 * through `auditedExec` (exec-start on disk first, redacted output, exec after)
 * under the approval that allowed it.
 */
export function auditedCommandSandbox(sandbox: Sandbox, sink: AuditSink, context: ExecContext): CommandSandbox {
  return {
    status: () => sandbox.status(),
    exec: (request, hooks) => auditedExec(sandbox, sink, request, context, hooks),
  };
}
