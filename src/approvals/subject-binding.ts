import type { ApprovalRequest, ApprovalSubject } from './approval';
import type { BindingInput } from './binding';
import { bindingOf } from './binding';

/** The binding input of a subject: the command as it would run, the edit's path and contents, or the read's call. */
export function subjectBinding(subject: ApprovalSubject): BindingInput {
  switch (subject.kind) {
    case 'command':
      return { kind: 'command', argv: subject.argv, cwd: subject.cwd, env: subject.env, containerId: subject.containerId, imageId: subject.imageId };
    case 'edit':
      // The content after is hashed from what would be written; the hash before is the file's bytes as read.
      return { kind: 'edit', path: subject.path, beforeSha256: subject.beforeSha256, afterContent: subject.after };
    case 'read':
      return { kind: 'read', tool: subject.tool, args: subject.args };
  }
}

/** The hash an approval of `subject` binds to: what the requester checks before it runs or writes. */
export function bindingSha256(subject: ApprovalSubject): string {
  return bindingOf(subjectBinding(subject));
}

/**
 * Why a request must not be asked: its subject no longer hashes to the binding
 * its requester computed (what would be shown is not what would run). Undefined when it may.
 */
export function bindingRefusal(request: Pick<ApprovalRequest, 'subject' | 'bindingSha256'>): string | undefined {
  if (request.bindingSha256 === undefined || bindingSha256(request.subject) === request.bindingSha256) return undefined;
  return 'the approval could not be bound to what would run; nothing was asked or run';
}
