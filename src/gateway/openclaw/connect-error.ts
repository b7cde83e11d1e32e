import { ClawdockError } from '../../core/errors';
import { errorDetailCode, type GatewayErrorShape } from './protocol';

/** Why a connect failed, as far as what to do next goes. */
export type ConnectFailureKind =
  /** The gateway does not speak our protocol version: one clear error, no retry. */
  | 'protocol'
  /** The token (or device token, or device signature) was refused: no retry until the owner changes it. */
  | 'auth'
  /** The device waits for the gateway owner's approval: retried slowly. */
  | 'pairing'
  /** Anything else (starting up, rate limited, network): retried with backoff. */
  | 'transient';

const AUTH_CODES = new Set([
  'AUTH_REQUIRED', 'AUTH_UNAUTHORIZED', 'AUTH_TOKEN_MISSING', 'AUTH_TOKEN_MISMATCH', 'AUTH_TOKEN_NOT_CONFIGURED', 'AUTH_PASSWORD_MISSING',
  'AUTH_PASSWORD_MISMATCH', 'AUTH_PASSWORD_NOT_CONFIGURED', 'AUTH_BOOTSTRAP_TOKEN_INVALID', 'AUTH_DEVICE_TOKEN_MISMATCH', 'AUTH_SCOPE_MISMATCH',
  'AUTH_IDENTITY_HEADER_REQUIRED', 'AUTH_VERIFIED_USER_REQUIRED', 'DEVICE_IDENTITY_REQUIRED', 'DEVICE_AUTH_INVALID', 'DEVICE_AUTH_DEVICE_ID_MISMATCH',
  'DEVICE_AUTH_NONCE_REQUIRED', 'DEVICE_AUTH_NONCE_MISMATCH', 'DEVICE_AUTH_SIGNATURE_INVALID', 'DEVICE_AUTH_PUBLIC_KEY_INVALID', 'CLIENT_VERSION_MISMATCH',
]);

/** A connect the gateway answered with an error, classified, with what to change. */
export class OpenClawConnectError extends ClawdockError {
  override name = 'OpenClawConnectError';

  constructor(
    message: string,
    readonly kind: ConnectFailureKind,
    /** The gateway's `details.code` (`PROTOCOL_MISMATCH`, `AUTH_TOKEN_MISMATCH`, `PAIRING_REQUIRED` …). */
    readonly code: string | undefined,
    readonly details: Readonly<Record<string, unknown>> = {},
    options: { hint?: string } = {},
  ) {
    super(message, options);
  }

  /** The gateway's pairing request id, for `openclaw devices approve`. */
  get requestId(): string | undefined {
    const id = this.details.requestId;
    return typeof id === 'string' && /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(id) ? id : undefined;
  }
}

/** Classifies the gateway's answer to `connect`. */
export function connectErrorOf(url: string, error: GatewayErrorShape | undefined, offered: { min: number; max: number }): OpenClawConnectError {
  const code = errorDetailCode(error);
  const details = error?.details ?? {};
  const said = (error?.message ?? 'no reason given').slice(0, 500);
  if (code === 'PROTOCOL_MISMATCH') {
    const expected = typeof details.expectedProtocol === 'number' ? details.expectedProtocol : undefined;
    const range = offered.min === offered.max ? `${offered.min}` : `${offered.min}–${offered.max}`;
    return new OpenClawConnectError(
      `the OpenClaw gateway at ${url} does not speak protocol ${range}${expected !== undefined ? ` (it speaks ${expected})` : ''}; Clawdock's bridge speaks protocol ${range} only and will not retry`,
      'protocol', code, details,
      { hint: 'use an OpenClaw gateway that speaks protocol 4 (openclaw 2026.9.x), or a Clawdock release that speaks the gateway\'s version' },
    );
  }
  if (code === 'PAIRING_REQUIRED') {
    const requestId = typeof details.requestId === 'string' ? details.requestId : undefined;
    return new OpenClawConnectError(`the OpenClaw gateway at ${url} has not approved this device yet (${said})`, 'pairing', code, details, {
      hint: requestId ? `on the gateway host run \`openclaw devices approve ${requestId}\`` : 'on the gateway host run `openclaw devices list`, then `openclaw devices approve <requestId>`',
    });
  }
  if (code && AUTH_CODES.has(code)) {
    return new OpenClawConnectError(`the OpenClaw gateway at ${url} refused this node's credentials: ${said}`, 'auth', code, details, {
      hint: 'run `Clawdock: Connect to OpenClaw Gateway…` (or `clawdock gateway connect`) with the gateway\'s token (`openclaw config get gateway.auth.token` on the gateway host)',
    });
  }
  return new OpenClawConnectError(`the OpenClaw gateway at ${url} did not accept the connection: ${said}`, 'transient', code, details);
}
