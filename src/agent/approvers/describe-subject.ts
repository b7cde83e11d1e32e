import { visible } from '../../policy';
import type { ApprovalSubject } from '../approver';

/** One line saying what an approval would allow, control characters made visible. */
export function describeSubject(subject: ApprovalSubject): string {
  switch (subject.kind) {
    case 'command':
      return visible(`run ${subject.commandLine} (cwd ${subject.cwd})`);
    case 'edit':
      return visible(`${subject.before === null ? 'create' : 'edit'} ${subject.path}${subject.protectedPath ? ' (protected path)' : ''}`);
    case 'read':
      return visible(`${subject.tool} ${subject.path}`);
  }
}
