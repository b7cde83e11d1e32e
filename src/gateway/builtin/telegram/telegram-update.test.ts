import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUpdate } from './telegram-update';

const bot = { id: 99, username: 'ClawBot' };
const from = { id: 5, is_bot: false, first_name: 'Ann', username: 'ann' };

test('a private text message becomes a DM with its sender, ids as strings', () => {
  const r = parseUpdate({ update_id: 7, message: { message_id: 3, from, chat: { id: 5, type: 'private' }, date: 1, text: 'hi', new_field: true } }, bot);
  assert.equal(r.kind, 'message');
  if (r.kind !== 'message') return;
  assert.deepEqual(r.message.chat, { id: '5', kind: 'dm' });
  assert.deepEqual(r.message.sender, { id: '5', name: 'Ann @ann', isBot: false });
  assert.equal(r.message.deliveryId, '7');
});

test('native mentions: @username (any case), a text mention of the bot, /cmd@bot, a reply to the bot; not someone else', () => {
  const group = (text: string, entities: unknown[], extra = {}) => parseUpdate({ update_id: 1, message: { message_id: 1, from, chat: { id: -1, type: 'supergroup' }, date: 1, text, entities, ...extra } }, bot);
  const mentioned = (r: ReturnType<typeof parseUpdate>) => r.kind === 'message' && r.message.mentionsBot;
  assert.equal(mentioned(group('@clawbot hi', [{ type: 'mention', offset: 0, length: 8 }])), true);
  assert.equal(mentioned(group('hi Bot', [{ type: 'text_mention', offset: 3, length: 3, user: { id: 99, is_bot: true, first_name: 'Bot' } }])), true);
  assert.equal(mentioned(group('/status@ClawBot', [{ type: 'bot_command', offset: 0, length: 15 }])), true);
  assert.equal(mentioned(group('@clawbotx hi', [{ type: 'mention', offset: 0, length: 9 }])), false);
  assert.equal(mentioned(group('🙂 @clawbot', [{ type: 'mention', offset: 3, length: 8 }])), true, 'offsets count UTF-16 units');
  const reply = group('yes', [], { reply_to_message: { message_id: 2, from: { id: 99, is_bot: true, first_name: 'Bot' } } });
  assert.equal(reply.kind === 'message' && reply.message.repliesToBot, true);
});

test('malformed updates are named with their path; other update kinds are nothing to answer', () => {
  assert.deepEqual(parseUpdate({ update_id: 4, message: { message_id: 1, chat: { id: 1, type: 'private' }, date: 1, text: 'x' } }, bot), { kind: 'malformed', updateId: 4, reason: 'message.from: a message without a sender' });
  const bad = parseUpdate({ update_id: 5, message: { message_id: 'x', from, chat: { id: 1, type: 'private' }, date: 1 } }, bot);
  assert.equal(bad.kind, 'malformed');
  assert.match(bad.kind === 'malformed' ? bad.reason : '', /^message\.message_id:/);
  assert.deepEqual(parseUpdate('garbage', bot), { kind: 'malformed', reason: 'update: Invalid input: expected object, received string' });
  assert.deepEqual(parseUpdate({ update_id: 6, edited_message: {} }, bot), { kind: 'other', updateId: 6 });
});
