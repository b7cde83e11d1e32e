import { ClawdockError } from '../core/errors';

/** The egress proxy could not be set up, or stopped: the sandbox then has no network (never an open one). */
export class EgressError extends ClawdockError {
  override name = 'EgressError';
}
