// The `connect` request a node sends after the gateway's challenge: role
// `node`, client id `node-host`, the commands it serves, the gateway token (or
// the device token it was issued), and the device identity's signature over
// OpenClaw's v3 payload, which binds the nonce and the challenge's timestamp.
import type { DeviceIdentity } from './device-identity';
import { NODE_CLIENT_ID, PROTOCOL_VERSION } from './protocol';

/** What one connect is built from. */
export interface ConnectInput {
  readonly identity: DeviceIdentity;
  readonly nonce: string;
  /** The challenge's `ts`, used as `signedAt` (the gateway checks it against its clock). */
  readonly signedAt: number;
  /** The gateway's shared token, when the owner gave one. */
  readonly token?: string;
  /** The device token this gateway issued before; used when there is no shared token. */
  readonly deviceToken?: string;
  readonly commands: readonly string[];
  readonly displayName: string;
  readonly version: string;
  readonly platform: string;
  /** Protocol range offered; tests offer another range to see a gateway refuse it. */
  readonly protocol?: { readonly min: number; readonly max: number };
}

/**
 * OpenClaw's device-auth payload v3: `v3|device|client|mode|role|scopes|signedAt|token|nonce|platform|family`
 * (platform and family lower-cased by ASCII only, as the gateway does).
 */
export function signaturePayload(input: {
  deviceId: string; clientId: string; clientMode: string; role: string; scopes: readonly string[];
  signedAt: number; token: string; nonce: string; platform: string; deviceFamily: string;
}): string {
  const lower = (s: string) => s.trim().replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
  return ['v3', input.deviceId, input.clientId, input.clientMode, input.role, input.scopes.join(','), String(input.signedAt), input.token, input.nonce, lower(input.platform), lower(input.deviceFamily)].join('|');
}

/** The `connect` params. The signed token is the one sent: the shared token, else the device token. */
export function connectParams(input: ConnectInput): Record<string, unknown> {
  const token = input.token ?? input.deviceToken ?? '';
  const role = 'node';
  const scopes: string[] = [];
  const signature = input.identity.sign(signaturePayload({
    deviceId: input.identity.deviceId, clientId: NODE_CLIENT_ID, clientMode: 'node', role, scopes,
    signedAt: input.signedAt, token, nonce: input.nonce, platform: input.platform, deviceFamily: '',
  }));
  return {
    minProtocol: input.protocol?.min ?? PROTOCOL_VERSION,
    maxProtocol: input.protocol?.max ?? PROTOCOL_VERSION,
    client: { id: NODE_CLIENT_ID, version: input.version, platform: input.platform, mode: 'node', displayName: input.displayName },
    role,
    scopes,
    caps: [],
    commands: [...input.commands],
    permissions: {},
    auth: input.token !== undefined ? { token: input.token } : input.deviceToken !== undefined ? { deviceToken: input.deviceToken } : {},
    device: { id: input.identity.deviceId, publicKey: input.identity.publicKey, signature, signedAt: input.signedAt, nonce: input.nonce },
  };
}
