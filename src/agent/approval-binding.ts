// The hash an approval binds to: the same fields and canonical form as
// src/approvals/binding.ts (v1), so the queue and the loop agree on what was
// approved. Recomputed right before running or writing.
import { canonicalJson, sha256Hex } from '../core/hash';
import type { ApprovalSubject } from './approver';

/** sha256 over the bound fields of a subject: argv, cwd, env, container, image / path, before and after hashes. */
export function bindingSha256(subject: ApprovalSubject): string {
  switch (subject.kind) {
    case 'command':
      return hash({ v: 1, kind: 'command', argv: [...subject.argv], cwd: subject.cwd, env: { ...subject.env }, containerId: subject.containerId, imageId: subject.imageId });
    case 'edit':
      return hash({ v: 1, kind: 'edit', path: subject.path, beforeSha256: subject.beforeSha256, afterSha256: subject.afterSha256 });
    case 'read':
      // The queue has no read kind yet; this form is the agent's own.
      return hash({ v: 1, kind: 'read', tool: subject.tool, args: subject.args });
  }
}

function hash(fields: Record<string, unknown>): string {
  return sha256Hex(canonicalJson(fields));
}
