import { z } from 'zod';

// One zod schema per thing that happens (issue 4, "Audit"). Objects are
// strict: an unknown field is a bug in the caller, and the audit log refuses
// the line (and so the action) rather than record something half-understood.

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256');
const id = z.string().min(1).max(200);
const shortText = z.string().max(1_000);
/** Excerpts are redacted before they are written; this bounds the line, not the secret. */
const excerpt = z.string().max(4_096);
const count = z.number().int().nonnegative();
const durationMs = z.number().nonnegative();

/** The caller fields every event may carry (see src/core/caller.ts). */
export const callerSchema = z.strictObject({
  profile: z.enum(['owner', 'paired', 'group', 'readonly']),
  surface: z.enum(['editor', 'chat', 'cli', 'gateway']),
  id,
});

const common = {
  /** The agent session the event belongs to, when there is one. */
  sessionId: id.optional(),
  caller: callerSchema.optional(),
};

function event<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  // extend (not a spread) so a field in `shape` replaces the common one in the inferred type too.
  return z.strictObject({ type: z.literal(type), ...common }).extend(shape);
}

/** An agent session began. */
export const sessionStartEvent = event('session-start', {
  sessionId: id,
  workspace: z.string().max(4_096),
  provider: shortText.optional(),
  model: shortText.optional(),
});

/** An agent session ended, and why. */
export const sessionEndEvent = event('session-end', {
  sessionId: id,
  reason: z.enum(['completed', 'cancelled', 'error', 'killed', 'limit', 'halted']),
  durationMs,
});

/** One request to a model provider (the prompt only as a digest). */
export const modelRequestEvent = event('model-request', {
  provider: shortText,
  model: shortText,
  inputTokens: count,
  outputTokens: count,
  /** sha256 of the redacted prompt: proves what was sent without storing it. */
  promptSha256: sha256,
  durationMs: durationMs.optional(),
  error: shortText.optional(),
});

/** The model proposed a tool call (arguments as a digest and a redacted summary). */
export const toolCallProposedEvent = event('tool-call-proposed', {
  callId: id,
  tool: shortText,
  /** sha256 of the canonical JSON arguments. */
  argsSha256: sha256,
  summary: excerpt,
});

/** The policy decided a tool call: the rule, its layer and the caller's profile. */
export const policyDecisionEvent = event('policy-decision', {
  callId: id,
  tool: shortText,
  /** The policy's outcome (src/policy/verdict.ts): `pause` when a limit tripped. */
  decision: z.enum(['allow', 'ask', 'deny', 'pause']),
  rule: shortText,
  /** The layer the deciding rule came from (src/policy/verdict.ts, DecisionSource). */
  sourceLayer: z.enum(['builtin', 'user', 'workspace', 'profile', 'mode', 'schema', 'limit']),
  callerProfile: z.enum(['owner', 'paired', 'group', 'readonly']),
  reason: shortText,
  dryRun: z.boolean().optional(),
});

/** A person was asked to approve something. */
export const approvalRequestedEvent = event('approval-requested', {
  approvalId: id,
  callId: id.optional(),
  kind: z.enum(['command', 'edit', 'secret-grant', 'other']),
  /** The hash the approval is bound to (argv, cwd, env, container, image / path and contents). */
  bindingSha256: sha256,
  summary: excerpt,
  expiresAt: z.iso.datetime().optional(),
});

/** An approval was answered, by whom and through which surface. */
export const approvalAnsweredEvent = event('approval-answered', {
  approvalId: id,
  answer: z.enum(['approved', 'approved-always', 'partially-approved', 'rejected']),
  /** For a partially approved edit: the hunks (0-based) accepted and rejected. */
  acceptedHunks: z.array(z.number().int().nonnegative()).max(10_000).optional(),
  rejectedHunks: z.array(z.number().int().nonnegative()).max(10_000).optional(),
  /** Who answered; approvals come only from the owner, so this is also a check. */
  by: id,
  surface: z.enum(['editor', 'chat', 'cli', 'gateway']),
});

/** An approval went unanswered and was refused. */
export const approvalExpiredEvent = event('approval-expired', {
  approvalId: id,
  afterMs: durationMs,
});

/** A command is about to run in the sandbox; written before it starts, so nothing runs unrecorded. */
export const execStartEvent = event('exec-start', {
  callId: id.optional(),
  argv: z.array(z.string().max(8_192)).min(1).max(1_000),
  cwd: z.string().max(4_096),
  container: shortText.optional(),
  approvalId: id.optional(),
});

/** A command ran in the sandbox: what, where, how it ended, and a digest of its output. */
export const execEvent = event('exec', {
  callId: id.optional(),
  argv: z.array(z.string().max(8_192)).min(1).max(1_000),
  cwd: z.string().max(4_096),
  container: shortText.optional(),
  /** null while it could not start or was killed by a signal. */
  exitCode: z.number().int().nullable(),
  durationMs,
  outputBytes: count,
  outputSha256: sha256,
  excerpt,
  timedOut: z.boolean(),
  truncated: z.boolean(),
});

/** A file in the workspace was created, changed or deleted. */
export const fileChangeEvent = event('file-change', {
  path: z.string().min(1).max(4_096),
  /** null when the file was created. */
  beforeSha256: sha256.nullable(),
  /** null when the file was deleted. */
  afterSha256: sha256.nullable(),
  bytes: count,
  approvalId: id.optional(),
  /**
   * How the change came: an approved edit, a change accepted from the shadow layer (auto: after a
   * command, by `applyChanges: auto`), an undo — or `sandbox-layer`: written into the sandbox's
   * shadow layer only, not the real folder (it reaches the folder when accepted, with its own line).
   */
  via: z.enum(['edit', 'shadow', 'shadow-auto', 'undo', 'sandbox-layer']).optional(),
  /** The path is host-executed and was accepted with its own confirmation. */
  held: z.boolean().optional(),
});

/** The shadow layer's change set moved: changes found after a command, rejected (dropped from the layer), or an undo restored the folder. */
export const changeSetEvent = event('change-set', {
  action: z.enum(['detected', 'rejected', 'undone']),
  paths: z.array(z.string().min(1).max(4_096)).max(1_000),
  /** How many paths there were when `paths` had to be cut short. */
  total: count,
  /** Host-executed paths among them (held for their own confirmation). */
  held: z.array(z.string().min(1).max(4_096)).max(1_000).optional(),
  /** Paths whose real file changed since the sandbox copied it. */
  conflicts: z.array(z.string().min(1).max(4_096)).max(1_000).optional(),
});

/** A chat message reached the gateway, and what the DM policy made of it. */
export const gatewayMessageEvent = event('gateway-message', {
  channel: shortText,
  sender: id,
  chat: z.enum(['dm', 'group']),
  decision: z.enum(['accepted', 'pairing-code-sent', 'ignored', 'ignored-no-mention', 'rejected', 'rate-limited']),
  /** Why, in words (the gate that decided: "not on the allowlist", "pairing code already sent" …). */
  reason: shortText.optional(),
  excerpt: excerpt.optional(),
});

/** `onViolation: "halt"` ended a run: the call the policy refused (or its schema rejected) and the rule that did. */
export const runHaltedEvent = event('run-halted', {
  callId: id,
  tool: shortText,
  rule: shortText,
  sourceLayer: z.enum(['builtin', 'user', 'workspace', 'profile', 'mode', 'schema', 'limit']),
  reason: shortText,
});

/** A model request was refused before anything was sent: the model is not one `clawdock.models.allowed` lets this workspace use. */
export const modelRefusedEvent = event('model-refused', {
  provider: shortText,
  model: shortText,
  /** The API root the request would have gone to (no credentials), when the provider has one. */
  baseUrl: shortText.optional(),
  /** The setting that refused it, relative to `clawdock.`. */
  setting: z.literal('models.allowed'),
  reason: shortText,
});

/** A rate limit or circuit breaker tripped. */
export const limitTrippedEvent = event('limit-tripped', {
  limit: shortText,
  value: z.number(),
  threshold: z.number(),
  action: z.enum(['paused', 'refused', 'stopped']),
});

/** Stop Everything (or Resume / Discard after it) was used. */
export const killSwitchEvent = event('kill-switch', {
  action: z.enum(['stop', 'resume', 'discard']),
  cancelledTurns: count.optional(),
  rejectedApprovals: count.optional(),
  killedCommands: count.optional(),
  containerPaused: z.boolean().optional(),
});

/** A secret was granted to (or revoked from) the sandbox or a service. */
export const secretGrantedEvent = event('secret-granted', {
  /** The secret's name only; its value never reaches the log. */
  name: shortText,
  action: z.enum(['granted', 'revoked']),
  target: z.enum(['sandbox-env', 'sandbox-hosts', 'gateway', 'model-provider']),
});

/** The sandbox container changed state. */
export const sandboxEvent = event('sandbox', {
  action: z.enum(['up', 'down', 'recreate', 'pause', 'unpause', 'prune']),
  containerId: shortText.optional(),
  image: shortText.optional(),
  configSha256: sha256.optional(),
  reason: shortText.optional(),
});

/** One connection through the egress proxy (src/egress/egress-record.ts), allowed, refused or failed, and the command that made it. */
export const egressEvent = event('egress', {
  commandId: id,
  domain: shortText,
  port: z.number().int().min(0).max(65535),
  via: z.enum(['http', 'connect', 'socks5']),
  decision: z.enum(['allowed', 'refused', 'failed']),
  reason: shortText.optional(),
  rule: shortText.optional(),
  address: shortText.optional(),
  bytesUp: count,
  bytesDown: count,
  durationMs,
  /** Issue 16: the bound secrets the proxy put into requests on this connection (names only). */
  secrets: z.array(shortText).max(64).optional(),
  /** Issue 16: the bound secret whose placeholder was on its way where it is not bound (an attempted leak). */
  leak: shortText.optional(),
});

/** Written by the log itself when it sets aside a damaged tail (see AuditLog.open, `repairTornTail`). */
export const auditRepairedEvent = event('audit-repaired', {
  file: shortText,
  removedBytes: count,
  removedSha256: sha256,
  movedTo: shortText,
});

/** Every event the audit log accepts, discriminated on `type`. */
export const auditEventSchema = z.discriminatedUnion('type', [
  sessionStartEvent,
  sessionEndEvent,
  modelRequestEvent,
  toolCallProposedEvent,
  policyDecisionEvent,
  approvalRequestedEvent,
  approvalAnsweredEvent,
  approvalExpiredEvent,
  execStartEvent,
  execEvent,
  fileChangeEvent,
  changeSetEvent,
  gatewayMessageEvent,
  limitTrippedEvent,
  runHaltedEvent,
  modelRefusedEvent,
  killSwitchEvent,
  secretGrantedEvent,
  sandboxEvent,
  egressEvent,
  auditRepairedEvent,
]);

/** One thing that happened, as the caller hands it to `AuditLog.append`. */
export type AuditEvent = z.infer<typeof auditEventSchema>;
/** The `type` names of all audit events. */
export type AuditEventType = AuditEvent['type'];
/** The event of one type, e.g. `AuditEventOf<'exec'>`. */
export type AuditEventOf<T extends AuditEventType> = Extract<AuditEvent, { type: T }>;
