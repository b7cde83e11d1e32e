import { ClawdockError } from './clawdock-error';

/** The sandbox could not do what was asked (container dead, command could not start, image build failed). */
export class SandboxError extends ClawdockError {
  override name = 'SandboxError';
}
