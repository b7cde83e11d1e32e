// Who an OpenClaw invocation is for, derived from the gateway's session key
// (`agent:<agent>:<rest>`): the gateway's main session (where OpenClaw puts
// the owner's paired DMs by default) and per-peer DM sessions are `paired`;
// group and channel sessions are `group` (read-only) unless the owner widens
// them; anything else — cron, hooks, subagents, no session at all — is
// `readonly`. The gateway's word on the session key is all we have, so when
// two keys disagree the invocation is refused, never resolved to the looser.
import type { Caller, CallerProfile } from '../../core/caller';
import { chatCaller, type ChatOrigin } from '../caller-profile';

/** The owner's override for sessions matching `session` (`*` matches any run of characters). */
export interface SessionProfileRule {
  readonly session: string;
  readonly profile: Exclude<CallerProfile, 'owner'>;
}

/** What an invocation's session resolves to. */
export type SessionCallerResult =
  | { readonly ok: true; readonly caller: Caller; readonly sessionKey: string | undefined; readonly kind: SessionKind }
  | { readonly ok: false; readonly reason: string };

/** How the session key reads. */
export type SessionKind = 'main' | 'direct' | 'group' | 'other' | 'none';

/** The kind of a session key; `mainSessionKey` is the gateway's (hello-ok snapshot), default `agent:main:main`. */
export function sessionKind(sessionKey: string | undefined, mainSessionKey = 'agent:main:main'): SessionKind {
  if (sessionKey === undefined) return 'none';
  const key = sessionKey.trim().toLowerCase();
  const tokens = key.split(':').filter(Boolean);
  // A group or channel anywhere in the key wins: a thread of a group is still the group.
  if (tokens.includes('group') || tokens.includes('channel')) return 'group';
  if (key === mainSessionKey.toLowerCase() || /^agent:[^:]+:main(:thread:[^:]+)?$/.test(key)) return 'main';
  if (tokens[0] === 'agent' && (tokens.includes('direct') || tokens.includes('dm'))) return 'direct';
  return 'other';
}

/**
 * The caller of one invocation. `frameKey` is the session the gateway put on
 * the invocation, `paramsKey` the one inside its params (exec passes it
 * there); both are the requester's word relayed by the gateway.
 */
export function sessionCaller(
  keys: { readonly frameKey?: string | undefined; readonly paramsKey?: string | undefined },
  options: { readonly mainSessionKey?: string; readonly rules?: readonly SessionProfileRule[] } = {},
): SessionCallerResult {
  const frameKey = keys.frameKey?.trim() || undefined;
  const paramsKey = keys.paramsKey?.trim() || undefined;
  if (frameKey && paramsKey && frameKey !== paramsKey) {
    return { ok: false, reason: `the invocation names two sessions (${frameKey} and ${paramsKey}); Clawdock cannot tell whose it is, so it does not run` };
  }
  const sessionKey = frameKey ?? paramsKey;
  const kind = sessionKind(sessionKey, options.mainSessionKey);
  const override = sessionKey === undefined ? undefined : options.rules?.find((r) => globMatches(r.session, sessionKey))?.profile;
  let origin: ChatOrigin;
  switch (kind) {
    case 'main':
    case 'direct':
      origin = override ? { kind: 'group', profile: override } : { kind: 'paired-dm' };
      break;
    case 'group':
      origin = { kind: 'group', ...(override ? { profile: override } : {}) };
      break;
    default:
      origin = { kind: 'group', profile: override ?? 'readonly' };
  }
  return { ok: true, caller: chatCaller('openclaw', sessionKey ?? '(no session)', origin), sessionKey, kind };
}

/** `*` matches any run of characters (`:` included); everything else literally. */
export function globMatches(pattern: string, value: string): boolean {
  const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`).test(value);
}
