import { ClawdockError } from './clawdock-error';

/** A path given to a file operation would leave /workspace or touch a protected path. */
export class PathEscapeError extends ClawdockError {
  override name = 'PathEscapeError';

  constructor(readonly requested: string, reason: string) {
    super(`refused path ${JSON.stringify(requested)}: ${reason}`, {
      hint: 'use a path relative to /workspace (or absolute under it) that stays inside it',
    });
  }
}
