// The headless approvers behind `--approve deny` and `--approve allow-sandboxed`.
import type { ApprovalDecider } from './recording-approver';

/** `--approve deny`: everything that asks is rejected; only what the policy allows runs. */
export const denyAll: ApprovalDecider = async () => ({ verdict: 'reject', note: 'nothing that needs approval runs here (--approve deny)' });

/**
 * `--approve allow-sandboxed`: trusts the container for what the policy only
 * asks about — commands, and edits of ordinary files, which commands could
 * make anyway. Never what taint escalated (someone else's words may be behind
 * it), never a protected path or a secrets file; denied calls never get here.
 */
export const allowSandboxed: ApprovalDecider = async (request) => {
  if (request.taint) return { verdict: 'reject', note: 'untrusted content is in the context; only a person may approve now' };
  const s = request.subject;
  if (s.kind === 'edit') {
    if (s.protectedPath) return { verdict: 'reject', note: `${s.path} is a protected path; only a person may approve changing it` };
    if (request.explanation.findings.some((f) => f.rule.startsWith('readDeny:'))) return { verdict: 'reject', note: `${s.path} is a secrets file; only a person may approve changing it` };
  }
  return { verdict: 'approve', note: 'approved by --approve allow-sandboxed' };
};
