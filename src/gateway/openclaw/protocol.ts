// OpenClaw's gateway protocol as this bridge speaks it (version 4, as served by
// openclaw 2026.9.6): the frames, the challenge, hello-ok, the errors and the
// node events we act on. Every frame from the gateway is parsed here before
// anything reads it; what we do not understand is dropped, never guessed at.
import { z } from 'zod';

/** The one protocol version this bridge speaks. */
export const PROTOCOL_VERSION = 4;

/** The client id the gateway admits for node hosts (other ids are refused). */
export const NODE_CLIENT_ID = 'node-host';

/** Pre-connect frames are capped at 64 KiB by the gateway; we refuse bigger frames from it before hello too. */
export const MAX_PREAUTH_FRAME_BYTES = 64 * 1024;

const record = z.record(z.string(), z.unknown());

/** A response to one of our requests. */
export const responseFrame = z.object({
  type: z.literal('res'),
  id: z.string().min(1).max(200),
  ok: z.boolean(),
  payload: z.unknown().optional(),
  error: z.object({
    code: z.string().max(200).optional(),
    message: z.string().max(20_000).optional(),
    details: record.optional(),
    retryable: z.boolean().optional(),
    retryAfterMs: z.number().optional(),
  }).optional(),
});

/** An event pushed by the gateway. */
export const eventFrame = z.object({
  type: z.literal('event'),
  event: z.string().min(1).max(200),
  payload: z.unknown().optional(),
  seq: z.number().optional(),
});

/** Any frame the gateway may send us. */
export const gatewayFrame = z.discriminatedUnion('type', [responseFrame, eventFrame]);

export type ResponseFrame = z.infer<typeof responseFrame>;
export type EventFrame = z.infer<typeof eventFrame>;
/** What a failed request carries: `code`, the human `message`, and `details.code` to branch on. */
export type GatewayErrorShape = NonNullable<ResponseFrame['error']>;

/** `connect.challenge`: the nonce to sign and the gateway's timestamp to sign it with. */
export const challengePayload = z.object({
  nonce: z.string().min(1).max(512),
  ts: z.number().int().nonnegative(),
});

/** The parts of `hello-ok` the bridge uses. */
export const helloOkPayload = z.object({
  type: z.literal('hello-ok'),
  protocol: z.number().int(),
  server: z.object({ version: z.string().max(200).optional(), connId: z.string().max(200).optional() }).passthrough(),
  auth: z.object({
    role: z.string().max(100).optional(),
    scopes: z.array(z.string().max(200)).max(100).optional(),
    deviceToken: z.string().min(1).max(4096).optional(),
  }).passthrough().optional(),
  policy: z.object({
    maxPayload: z.number().int().positive().optional(),
    tickIntervalMs: z.number().int().positive().optional(),
  }).passthrough().optional(),
  snapshot: z.object({
    sessionDefaults: z.object({ mainSessionKey: z.string().max(500).optional() }).passthrough().optional(),
  }).passthrough().optional(),
}).passthrough();

export type HelloOk = z.infer<typeof helloOkPayload>;

/** `node.invoke.request`: one command for this node. `sessionKey` is set by whoever asked the gateway to invoke. */
export const invokeRequestPayload = z.object({
  id: z.string().min(1).max(200),
  nodeId: z.string().min(1).max(200),
  command: z.string().min(1).max(200),
  paramsJSON: z.string().nullable().optional(),
  timeoutMs: z.number().int().nonnegative().nullable().optional(),
  idempotencyKey: z.string().max(500).nullable().optional(),
  sessionKey: z.string().min(1).max(500).optional(),
});

export type InvokeRequest = z.infer<typeof invokeRequestPayload>;

/** `node.invoke.cancel`: the caller gave up on an invocation. */
export const invokeCancelPayload = z.object({
  invokeId: z.string().min(1).max(200),
  nodeId: z.string().min(1).max(200),
});

/** `node.pair.resolved`: the gateway owner decided a pairing (command surface) request. */
export const pairResolvedPayload = z.object({
  requestId: z.string().max(200).optional(),
  nodeId: z.string().max(200).optional(),
  decision: z.string().max(100),
});

/** The answer to `node.pluginTools.update`: the descriptors the gateway accepted (filtered to the approved surface). */
export const pluginToolsAccepted = z.object({
  nodeId: z.string().max(200).optional(),
  tools: z.array(z.object({ name: z.string().max(100) }).passthrough()).max(100),
});

/** `details.code` of a gateway error, when it has one. */
export function errorDetailCode(error: GatewayErrorShape | undefined): string | undefined {
  const code = error?.details?.code;
  return typeof code === 'string' && code.trim() !== '' ? code.trim() : undefined;
}
