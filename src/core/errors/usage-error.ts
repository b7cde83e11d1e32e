import { ClawdockError } from './clawdock-error';

/** Bad command-line arguments: the CLI prints usage and exits 2. */
export class UsageError extends ClawdockError {
  override name = 'UsageError';
}
