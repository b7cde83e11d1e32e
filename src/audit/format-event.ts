// Control characters, ANSI escapes and bidi overrides are shown as escapes, never rendered (DESIGN.md, approvals): the one sanitiser.
import { visible } from '../core/display';
import type { AuditEntry } from './entry';
import type { AuditEvent, AuditEventOf, AuditEventType } from './events';

type Formatter<T extends AuditEventType> = (e: AuditEventOf<T>) => string;

const q = (s: string): string => JSON.stringify(s);
const ms = (n: number): string => (n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(1)} s`);
const bytes = (n: number): string => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);
const short = (hash: string | null): string => (hash === null ? '∅' : hash.slice(0, 12));
const argvText = (argv: readonly string[]): string => argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : q(a))).join(' ');

/** One readable line per event type; every value here is already redacted. */
const FORMATTERS: { [T in AuditEventType]: Formatter<T> } = {
  'session-start': (e) => `session ${e.sessionId} started in ${e.workspace}${e.model ? ` (${e.provider ?? '?'}/${e.model})` : ''}`,
  'session-end': (e) => `session ${e.sessionId} ended: ${e.reason} after ${ms(e.durationMs)}`,
  'model-request': (e) => `model ${e.provider}/${e.model}: ${e.inputTokens} in, ${e.outputTokens} out${e.durationMs !== undefined ? ` in ${ms(e.durationMs)}` : ''}${e.error ? ` — error: ${e.error}` : ''}`,
  'tool-call-proposed': (e) => `proposed ${e.tool} [${e.callId}]: ${e.summary}`,
  'policy-decision': (e) => `policy ${e.decision.toUpperCase()} ${e.tool} [${e.callId}] by rule ${q(e.rule)} (${e.sourceLayer}) for ${e.callerProfile}: ${e.reason}`,
  'approval-requested': (e) => `approval ${e.approvalId} requested for ${e.kind}: ${e.summary}`,
  'approval-answered': (e) =>
    `approval ${e.approvalId} ${e.answer} by ${e.by} via ${e.surface}` +
    (e.acceptedHunks ? ` (hunks accepted: ${e.acceptedHunks.join(', ') || 'none'}; rejected: ${e.rejectedHunks?.join(', ') || 'none'})` : ''),
  'approval-expired': (e) => `approval ${e.approvalId} expired after ${ms(e.afterMs)} (refused)`,
  'exec-start': (e) => `exec starting ${argvText(e.argv)} in ${e.cwd}${e.approvalId ? ` (approval ${e.approvalId})` : ''}`,
  exec: (e) =>
    `exec ${argvText(e.argv)} in ${e.cwd} → ${e.exitCode === null ? 'no exit code' : `exit ${e.exitCode}`} in ${ms(e.durationMs)}, ` +
    `${bytes(e.outputBytes)} out (sha256 ${short(e.outputSha256)})${e.timedOut ? ', timed out' : ''}${e.truncated ? ', truncated' : ''}`,
  'file-change': (e) =>
    `file ${e.beforeSha256 === null ? 'created' : e.afterSha256 === null ? 'deleted' : 'changed'} ${e.path} ` +
    `(${short(e.beforeSha256)} → ${short(e.afterSha256)}, ${bytes(e.bytes)})` +
    (e.via === 'shadow' || e.via === 'shadow-auto' ? ` from the shadow layer${e.via === 'shadow-auto' ? ' (auto)' : ''}` : e.via === 'undo' ? ' by undo' : e.via === 'sandbox-layer' ? ' in the sandbox layer (not the folder until accepted)' : '') +
    (e.held ? ' [host-executed, confirmed]' : ''),
  'change-set': (e) =>
    `change set ${e.action}: ${e.total} path(s)${e.paths.length > 0 ? ` ${e.paths.slice(0, 5).map(q).join(', ')}${e.total > 5 ? ' …' : ''}` : ''}` +
    (e.held?.length ? `; held: ${e.held.slice(0, 5).map(q).join(', ')}` : '') +
    (e.conflicts?.length ? `; conflicts: ${e.conflicts.slice(0, 5).map(q).join(', ')}` : ''),
  'gateway-message': (e) => `gateway ${e.channel} ${e.chat} from ${e.sender}: ${e.decision}${e.reason ? ` (${e.reason})` : ''}`,
  'run-halted': (e) => `run HALTED after ${e.tool} [${e.callId}]: refused by rule ${q(e.rule)} (${e.sourceLayer}): ${e.reason}`,
  'model-refused': (e) => `model REFUSED ${e.provider}/${e.model}${e.baseUrl ? ` at ${e.baseUrl}` : ''} by clawdock.${e.setting}: ${e.reason}`,
  'limit-tripped': (e) => `limit ${e.limit} tripped (${e.value} ≥ ${e.threshold}): ${e.action}`,
  'kill-switch': (e) =>
    `KILL SWITCH ${e.action}` +
    (e.action === 'stop'
      ? ` (${e.killedCommands ?? 0} commands killed, ${e.rejectedApprovals ?? 0} approvals rejected${e.containerPaused ? ', container paused' : ''})`
      : ''),
  'secret-granted': (e) => `secret ${e.name} ${e.action} (${e.target})`,
  sandbox: (e) => `sandbox ${e.action}${e.containerId ? ` ${e.containerId.slice(0, 12)}` : ''}${e.image ? ` image ${e.image}` : ''}${e.reason ? ` — ${e.reason}` : ''}`,
  egress: (e) =>
    `egress ${e.decision.toUpperCase()} ${e.domain}:${e.port} via ${e.via} for command ${e.commandId}` +
    (e.decision === 'allowed' ? ` (${e.rule ?? 'allowed'}${e.address ? `, ${e.address}` : ''}): ${bytes(e.bytesUp)} up, ${bytes(e.bytesDown)} down in ${ms(e.durationMs)}` : '') +
    (e.secrets?.length ? ` with ${e.secrets.join(', ')} put in` : '') +
    (e.reason ? ` — ${e.reason}` : ''),
  'audit-repaired': (e) => `audit log repaired: ${e.removedBytes} torn bytes of ${e.file} moved to ${e.movedTo}`,
};

/** The event alone, as one readable line (no newlines, control characters made visible). */
export function formatEvent(event: AuditEvent): string {
  const format = FORMATTERS[event.type] as Formatter<AuditEventType>;
  return visible(format(event as never));
}

/**
 * One readable line for the Output channel and `clawdock audit tail`:
 * time, sequence number, who, and what happened.
 */
export function formatEventLine(entry: AuditEntry): string {
  const who = entry.event.caller ? ` [${entry.event.caller.id}/${entry.event.caller.surface}]` : '';
  return `${entry.ts} #${entry.seq}${who} ${formatEvent(entry.event)}`;
}
