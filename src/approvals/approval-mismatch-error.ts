import { ClawdockError } from '../core/errors';

/**
 * What is about to run (or be written) is not what was approved: the command,
 * its cwd or env, the container or image, the file or its content changed after
 * the approval was given. Nothing ran.
 */
export class ApprovalMismatchError extends ClawdockError {
  override name = 'ApprovalMismatchError';

  constructor(
    readonly approvalId: string,
    /** Which bound fields differ (`argv`, `containerId`, `before content` …); empty when only the hash tells. */
    readonly changed: readonly string[],
  ) {
    super(
      `approval ${approvalId} does not match what would run${changed.length > 0 ? `: ${changed.join(', ')} changed since it was approved` : ''}; nothing ran`,
      { hint: 'propose it again and approve the new proposal' },
    );
  }
}
