// Telegram updates are input from the network: each one is checked against a
// schema before anything reads it. Unknown fields are allowed (the Bot API adds
// fields over time); missing or mistyped fields we rely on are not.
import { z } from 'zod';
import type { InboundMessage } from '../chat-provider';

const user = z.looseObject({ id: z.number().int(), is_bot: z.boolean(), first_name: z.string().max(1000), username: z.string().max(100).optional() });
const chat = z.looseObject({ id: z.number().int(), type: z.enum(['private', 'group', 'supergroup', 'channel']), title: z.string().max(1000).optional() });
const entity = z.looseObject({ type: z.string(), offset: z.number().int().min(0), length: z.number().int().min(0), user: user.optional() });
const message = z.looseObject({
  message_id: z.number().int(),
  from: user.optional(),
  chat,
  date: z.number().int(),
  text: z.string().optional(),
  entities: z.array(entity).max(1000).optional(),
  reply_to_message: z.looseObject({ from: user.optional() }).optional(),
});
const update = z.looseObject({ update_id: z.number().int().min(0), message: message.optional() });

/** The bot as getMe describes it. */
export interface BotIdentity {
  readonly id: number;
  readonly username: string;
}

/** What one raw update turned out to be. */
export type ParsedUpdate =
  | { readonly kind: 'message'; readonly updateId: number; readonly message: InboundMessage }
  /** Not a new message (an edit, a channel post …): nothing to do, nothing to answer. */
  | { readonly kind: 'other'; readonly updateId: number }
  | { readonly kind: 'malformed'; readonly updateId?: number; readonly reason: string };

/** Checks and converts one raw update. */
export function parseUpdate(raw: unknown, bot: BotIdentity): ParsedUpdate {
  const parsed = update.safeParse(raw);
  const rawId = typeof (raw as { update_id?: unknown } | null)?.update_id === 'number' ? (raw as { update_id: number }).update_id : undefined;
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'malformed', ...(Number.isInteger(rawId) && (rawId as number) >= 0 ? { updateId: rawId } : {}), reason: `${issue?.path.join('.') || 'update'}: ${issue?.message ?? 'invalid'}` };
  }
  const u = parsed.data;
  const m = u.message;
  if (!m) return { kind: 'other', updateId: u.update_id };
  if (!m.from) return { kind: 'malformed', updateId: u.update_id, reason: 'message.from: a message without a sender' };
  if (m.chat.type === 'channel') return { kind: 'other', updateId: u.update_id };
  const text = m.text ?? '';
  return {
    kind: 'message',
    updateId: u.update_id,
    message: {
      provider: 'telegram',
      deliveryId: String(u.update_id),
      chat: { id: String(m.chat.id), kind: m.chat.type === 'private' ? 'dm' : 'group', ...(m.chat.title ? { title: m.chat.title } : {}) },
      sender: { id: String(m.from.id), name: [m.from.first_name, m.from.username ? `@${m.from.username}` : ''].filter(Boolean).join(' '), isBot: m.from.is_bot },
      text,
      messageId: String(m.message_id),
      mentionsBot: (m.entities ?? []).some((e) => mentionsBot(text, e, bot)),
      repliesToBot: m.reply_to_message?.from?.id === bot.id,
    },
  };
}

function mentionsBot(text: string, e: z.infer<typeof entity>, bot: BotIdentity): boolean {
  // Entity offsets count UTF-16 code units, as JavaScript strings do.
  const span = text.slice(e.offset, e.offset + e.length).toLowerCase();
  const handle = `@${bot.username.toLowerCase()}`;
  switch (e.type) {
    case 'mention':
      return span === handle;
    case 'text_mention':
      return e.user?.id === bot.id;
    case 'bot_command':
      return span.endsWith(handle);
    default:
      return false;
  }
}
