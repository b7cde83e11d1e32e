// The headless approvers behind `--approve deny` and `--approve allow-sandboxed`.
import type { ApprovalDecider } from './recording-approver';

/** `--approve deny`: everything that asks is rejected; only what the policy allows runs. */
export const denyAll: ApprovalDecider = async () => ({ verdict: 'reject', note: 'nothing that needs approval runs here (--approve deny)' });

/**
 * `--approve allow-sandboxed`: trusts the container for what the policy only
 * asks about — commands, and edits of ordinary files, which commands could
 * make anyway. Never what taint escalated (someone else's words may be behind
 * it), never anything that touches a protected path or a secrets file, never a
 * command from a caller other than the owner. Denied calls never get here.
 */
export const allowSandboxed: ApprovalDecider = async (request) => {
  if (request.taint) return { verdict: 'reject', note: 'untrusted content is in the context; only a person may approve now' };
  if (request.caller.profile !== 'owner') return { verdict: 'reject', note: `the request came from ${request.caller.id}; only a person may approve it` };
  const sensitive = request.explanation.findings.find((f) => /^(protectedPaths|readDeny):/.test(f.rule));
  if (sensitive) return { verdict: 'reject', note: `${sensitive.reason}; only a person may approve that` };
  if (request.subject.kind === 'edit' && request.subject.protectedPath) {
    return { verdict: 'reject', note: `${request.subject.path} is a protected path; only a person may approve changing it` };
  }
  return { verdict: 'approve', note: 'approved by --approve allow-sandboxed' };
};
