import { sha256Hex } from '../core/hash';
import type { AuditEvent } from './events';

// Small valid events for the audit tests.

/** An `exec` event whose excerpt carries `excerpt`. */
export function execEvent(excerpt = 'ok', argv: string[] = ['npm', 'test']): AuditEvent {
  return {
    type: 'exec',
    caller: { profile: 'owner', surface: 'cli', id: 'owner' },
    argv,
    cwd: '/workspace',
    exitCode: 0,
    durationMs: 12,
    outputBytes: excerpt.length,
    outputSha256: sha256Hex(excerpt),
    excerpt,
    timedOut: false,
    truncated: false,
  };
}

/** A `sandbox up` event. */
export function sandboxUp(reason = 'start'): AuditEvent {
  return { type: 'sandbox', action: 'up', reason };
}
