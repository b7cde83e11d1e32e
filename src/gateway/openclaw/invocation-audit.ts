// The audit lines of an invocation: what was asked (a digest and a redacted
// summary), how the policy decided for which profile, each with the OpenClaw
// session key as the line's session and `openclaw:<session>` as its caller.
import type { AuditEvent } from '../../audit';
import { canonicalJson, sha256Hex } from '../../core/hash';
import type { Decision } from '../../policy';
import type { Invocation, NodeServices } from './node-services';

/** The audit's session id for an OpenClaw session key (ids are at most 200 characters). */
export function auditSessionId(sessionKey: string | undefined): string {
  const key = sessionKey ?? 'openclaw:(no session)';
  return key.length <= 200 ? key : `${key.slice(0, 120)}…${sha256Hex(key).slice(0, 16)}`;
}

/** Appends one event with the invocation's session and caller. */
export function recordFor(services: NodeServices, invocation: Invocation): (event: AuditEvent) => Promise<unknown> {
  return (event) => services.audit.append({
    ...event,
    sessionId: auditSessionId(invocation.sessionKey),
    caller: { profile: invocation.caller.profile, surface: invocation.caller.surface, id: invocation.caller.id.slice(0, 200) },
  } as AuditEvent);
}

/** `tool-call-proposed` for an invocation: the command and its params as a digest, the summary redacted. */
export function proposedEvent(services: NodeServices, invocation: Invocation, command: string, params: unknown): AuditEvent {
  let digestOf: string;
  try {
    digestOf = canonicalJson(params);
  } catch {
    digestOf = String(params);
  }
  const summary = services.redactor().redact(`${command} ${JSON.stringify(params) ?? ''}`).replace(/\s+/g, ' ').slice(0, 4000);
  return { type: 'tool-call-proposed', callId: invocation.id, tool: command.slice(0, 1000), argsSha256: sha256Hex(digestOf), summary };
}

/** `policy-decision` for an invocation. */
export function decisionEvent(invocation: Invocation, command: string, d: Pick<Decision, 'decision' | 'rule' | 'source' | 'reasons' | 'dryRun'>): AuditEvent {
  return {
    type: 'policy-decision', callId: invocation.id, tool: command.slice(0, 1000), decision: d.decision, rule: d.rule.slice(0, 1000),
    sourceLayer: d.source, callerProfile: invocation.caller.profile, reason: d.reasons.join('; ').replace(/\s+/g, ' ').slice(0, 1000),
    ...(d.dryRun ? { dryRun: true } : {}),
  };
}
