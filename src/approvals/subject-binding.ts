import type { ApprovalSubject } from './approval';
import type { BindingInput } from './binding';
import { sha256Hex } from '../core/hash';

/** The binding input of what an item shows: the command as it would run, or the edit's path and contents. */
export function subjectBinding(subject: ApprovalSubject): BindingInput {
  if (subject.kind === 'command') {
    return { kind: 'command', argv: subject.argv, cwd: subject.cwd, env: subject.env, containerId: subject.containerId, imageId: subject.imageId };
  }
  return { kind: 'edit', path: subject.path, beforeSha256: subject.before === null ? null : sha256Hex(subject.before), afterContent: subject.after };
}
