import { ClawdockError } from './clawdock-error';

/** The container engine did not answer at the address we tried. */
export class EngineUnreachableError extends ClawdockError {
  override name = 'EngineUnreachableError';

  constructor(readonly address: string, cause?: unknown) {
    super(`Docker is not reachable at ${address}`, {
      hint: 'start Docker (or Podman\'s Docker-compatible socket) or set `clawdock.sandbox.dockerHost` / DOCKER_HOST',
      cause,
    });
  }
}
