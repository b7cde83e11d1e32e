// Identity before anything else (DESIGN.md, trust model): which messages may
// reach the agent at all, as a decision table over the DM policy, the
// allowlists, the group allowlist and mention gating. Nothing here looks at
// what a message asks for; that is the policy's job, per profile.
import type { CallerProfile } from '../../../core/caller';
import type { ChatOrigin } from '../../caller-profile';
import type { InboundMessage } from '../chat-provider';

/** The access rules of one provider (the provider's config section, after defaults). */
export interface AccessRules {
  readonly owner?: string;
  readonly dmPolicy: 'pairing' | 'allowlist' | 'open' | 'disabled';
  readonly allowFrom: readonly string[];
  readonly groupPolicy: 'allowlist' | 'disabled';
  readonly groups: Readonly<Record<string, { readonly requireMention: boolean; readonly allowFrom?: readonly string[]; readonly profile: CallerProfile }>>;
  readonly groupAllowFrom: readonly string[];
  readonly mentionPatterns: readonly string[];
}

/** What the gate made of a message. */
export type GateDecision =
  /** `basis`: which rule let the sender in, for the audit line (the owner, allowFrom, a pairing and when, an open policy, a group's rules). */
  | { readonly kind: 'accept'; readonly origin: ChatOrigin; readonly basis: string }
  /** An unknown sender under `pairing`: the pairing store decides whether they get a code. */
  | { readonly kind: 'pair' }
  | { readonly kind: 'drop'; readonly decision: 'ignored' | 'ignored-no-mention' | 'rejected'; readonly reason: string };

const drop = (decision: 'ignored' | 'ignored-no-mention' | 'rejected', reason: string): GateDecision => ({ kind: 'drop', decision, reason });

/** Decides one message; `pairedAt` says when the owner approved a sender's pairing (undefined: never). */
export function gateMessage(m: InboundMessage, rules: AccessRules, pairedAt: (senderId: string) => number | undefined): GateDecision {
  if (m.sender.isBot) return drop('ignored', 'messages from bots are ignored');
  return m.chat.kind === 'dm' ? gateDirect(m, rules, pairedAt) : gateGroup(m, rules);
}

/** A DM let in by the owner's pairing approval (also when the approval lands while the sender writes). */
export function pairedDecision(approvedAt: number): Extract<GateDecision, { kind: 'accept' }> {
  return { kind: 'accept', origin: { kind: 'paired-dm' }, basis: `paired: the owner approved this sender's code at ${new Date(approvedAt).toISOString()}` };
}

function gateDirect(m: InboundMessage, rules: AccessRules, pairedAt: (senderId: string) => number | undefined): GateDecision {
  if (rules.owner !== undefined && m.sender.id === rules.owner) return { kind: 'accept', origin: { kind: 'owner-dm' }, basis: 'the owner (owner)' };
  if (rules.dmPolicy === 'disabled') return drop('ignored', 'direct messages are disabled (dmPolicy "disabled")');
  if (rules.allowFrom.includes(m.sender.id)) return { kind: 'accept', origin: { kind: 'paired-dm' }, basis: 'on the allowlist (allowFrom)' };
  const approvedAt = pairedAt(m.sender.id);
  if (approvedAt !== undefined) return pairedDecision(approvedAt);
  if (rules.dmPolicy === 'open' && rules.allowFrom.includes('*')) return { kind: 'accept', origin: { kind: 'paired-dm' }, basis: 'anyone may write (dmPolicy "open", allowFrom "*")' };
  if (rules.dmPolicy === 'pairing') return { kind: 'pair' };
  return drop('ignored', `sender is not on the allowlist (dmPolicy "${rules.dmPolicy}")`);
}

function gateGroup(m: InboundMessage, rules: AccessRules): GateDecision {
  if (rules.groupPolicy === 'disabled') return drop('ignored', 'groups are disabled (groupPolicy "disabled")');
  const group = rules.groups[m.chat.id] ?? rules.groups['*'];
  if (!group) return drop('ignored', 'this group is not on the group allowlist (groups)');
  const allowed = group.allowFrom ?? rules.groupAllowFrom;
  if (!allowed.includes('*') && !allowed.includes(m.sender.id)) return drop('ignored', 'sender may not trigger the bot in this group (groupAllowFrom)');
  if (group.requireMention && !mentioned(m, rules.mentionPatterns)) return drop('ignored-no-mention', 'no mention of the bot (requireMention)');
  return { kind: 'accept', origin: { kind: 'group', profile: group.profile }, basis: `group ${rules.groups[m.chat.id] ? m.chat.id : '"*"'} on the group allowlist${group.requireMention ? ', mentioned' : ''}` };
}

/** A native mention, a reply to the bot, or one of the patterns (case-insensitive, literal: no regular expressions, no ReDoS). */
export function mentioned(m: Pick<InboundMessage, 'mentionsBot' | 'repliesToBot' | 'text'>, patterns: readonly string[]): boolean {
  if (m.mentionsBot || m.repliesToBot) return true;
  const text = m.text.toLowerCase();
  return patterns.some((p) => text.includes(p.toLowerCase()));
}
