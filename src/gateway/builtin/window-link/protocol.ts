// The gateway ⇄ VS Code window protocol (version 1), over a loopback
// WebSocket. The gateway listens on 127.0.0.1 and writes its port and a random
// token to a 0600 file under `$CLAWDOCK_HOME/gateway/`; the window reads it and
// must send that token first. Every frame both ways is checked against these
// schemas; anything else closes the connection.
import { z } from 'zod';

export const LINK_PROTOCOL_VERSION = 1;
/** Largest frame either side accepts. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/** Close codes (4000–4999 are the application's). */
export const CLOSE = {
  version: 4001,
  invalidFrame: 4002,
  unauthorized: 4003,
  helloTimeout: 4004,
  replaced: 4010,
} as const;

const v = z.literal(LINK_PROTOCOL_VERSION);
const text = (max: number) => z.string().max(max);
const callerSchema = z.strictObject({ profile: z.enum(['owner', 'paired', 'group', 'readonly']), surface: z.literal('gateway'), id: text(200).min(1) });
const stopSchema = z.strictObject({
  reason: z.enum(['finished', 'limit', 'budget', 'refused', 'max-tokens', 'cancelled', 'halted', 'error']),
  message: text(20_000),
  endedAfterRefusal: z.boolean(),
});
const stateSchema = z.strictObject({
  providers: z.array(z.strictObject({ id: text(100) })).max(20),
  agent: z.enum(['window', 'headless']),
  queued: z.number().int().min(0),
  running: text(200).optional(),
});

/** Frames the window sends. */
export const windowFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({ v, type: z.literal('hello'), token: text(200), workspace: text(4096), client: text(100) }),
  z.strictObject({ v, type: z.literal('task-result'), id: text(100), stop: stopSchema, text: text(200_000) }),
  z.strictObject({ v, type: z.literal('task-error'), id: text(100), message: text(4000) }),
]);

/** Frames the gateway sends. */
export const gatewayFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({ v, type: z.literal('welcome'), pid: z.number().int(), workspace: text(4096), state: stateSchema }),
  z.strictObject({ v, type: z.literal('state'), state: stateSchema }),
  z.strictObject({ v, type: z.literal('task'), id: text(100), conversation: text(300), caller: callerSchema, text: text(200_000), origin: text(300) }),
  z.strictObject({ v, type: z.literal('cancel'), id: text(100), reason: text(1000) }),
  z.strictObject({ v, type: z.literal('notice'), level: z.enum(['info', 'warn']), message: text(4000) }),
]);

export type WindowFrame = z.infer<typeof windowFrameSchema>;
export type GatewayFrame = z.infer<typeof gatewayFrameSchema>;

/** What the link file holds. */
export const linkFileSchema = z.strictObject({
  v,
  pid: z.number().int(),
  port: z.number().int().min(1).max(65_535),
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  workspace: z.string(),
  startedAt: z.string(),
});
export type LinkFile = z.infer<typeof linkFileSchema>;

/** Parses one frame; the reason when it is not a valid frame of this version. */
export function parseFrame<T>(schema: z.ZodType<T>, data: string): { ok: true; frame: T } | { ok: false; version: boolean; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return { ok: false, version: false, reason: 'not JSON' };
  }
  if (value && typeof value === 'object' && 'v' in value && (value as { v: unknown }).v !== LINK_PROTOCOL_VERSION) {
    return { ok: false, version: true, reason: `protocol version ${JSON.stringify((value as { v: unknown }).v)} is not ${LINK_PROTOCOL_VERSION}` };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, version: false, reason: `${issue?.path.join('.') || 'frame'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, frame: parsed.data };
}
