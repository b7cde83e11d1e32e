// The one rulebook's first page for chat callers (DESIGN.md, gateway): whoever
// a message comes from, it carries a Caller whose profile the policy applies.
// Shared by the built-in gateway and the OpenClaw bridge.
import type { Caller, CallerProfile } from '../core/caller';

/** Where a chat message came from, as far as its scope goes. */
export type ChatOrigin =
  /** The owner's own direct messages. */
  | { readonly kind: 'owner-dm' }
  /** A direct message from a paired or allowlisted sender. */
  | { readonly kind: 'paired-dm' }
  /** A group or channel; `profile` is the owner's override for that chat (default `group`). */
  | { readonly kind: 'group'; readonly profile?: CallerProfile };

/**
 * The profile a message runs with: owner DM → `owner` (coding); paired DM →
 * `paired` (coding, every command and change asks the owner); a group → `group`
 * (read-only) unless the owner widened that group.
 */
export function profileFor(origin: ChatOrigin): CallerProfile {
  switch (origin.kind) {
    case 'owner-dm':
      return 'owner';
    case 'paired-dm':
      return 'paired';
    case 'group':
      return origin.profile ?? 'group';
  }
}

/** The Caller of a chat message: `<provider>:<sender id>` via the gateway surface. */
export function chatCaller(provider: string, senderId: string, origin: ChatOrigin): Caller {
  return { profile: profileFor(origin), surface: 'gateway', id: `${provider}:${senderId}`.slice(0, 200) };
}
