import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InboundMessage } from '../chat-provider';
import { gateMessage, type AccessRules } from './message-gate';
import { newPairingCode, normalizePairingCode, PAIRING_ALPHABET } from './pairing-code';
import { PairingStore } from './pairing-store';
import { RateLimiter } from './rate-limiter';

const rules = (over: Partial<AccessRules> = {}): AccessRules => ({
  owner: '1', dmPolicy: 'pairing', allowFrom: [], groupPolicy: 'allowlist', groups: {}, groupAllowFrom: ['*'], mentionPatterns: ['@clawdock'], ...over,
});
const dm = (sender: string, text = 'hi', over: Partial<InboundMessage> = {}): InboundMessage => ({
  provider: 'telegram', deliveryId: '1', chat: { id: sender, kind: 'dm' }, sender: { id: sender, isBot: false }, text, messageId: '9', mentionsBot: false, repliesToBot: false, ...over,
});
const inGroup = (sender: string, text: string, over: Partial<InboundMessage> = {}): InboundMessage => dm(sender, text, { chat: { id: '-100', kind: 'group' }, ...over });

test('pairing codes are 8 characters without 0, O, 1 or I, unique among those taken, and typed case-insensitively', () => {
  assert.ok(!/[0O1I]/.test(PAIRING_ALPHABET));
  const taken = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const code = newPairingCode(taken);
    assert.match(code, /^[A-HJ-NP-Z2-9]{8}$/);
    assert.ok(!taken.has(code));
    taken.add(code);
  }
  let n = 0;
  const fixed = (max: number) => (n++ < 8 ? 0 : 1 % max);
  assert.equal(newPairingCode(new Set(['AAAAAAAA']), fixed), 'BBBBBBBB', 'a taken code is drawn again');
  assert.equal(normalizePairingCode('abcd efgh'), 'ABCDEFGH');
  assert.equal(normalizePairingCode('ABCDEFG0'), undefined);
});

const none = (): undefined => undefined;
const pairedTwo = (id: string): number | undefined => (id === '2' ? Date.UTC(2026, 11, 1) : undefined);

test('the DM gate: owner, disabled, allowlist, paired, open with "*", and pairing for strangers — each accept says which rule let the sender in', () => {
  assert.deepEqual(gateMessage(dm('1'), rules(), none), { kind: 'accept', origin: { kind: 'owner-dm' }, basis: 'the owner (owner)' });
  assert.deepEqual(gateMessage(dm('2'), rules(), none), { kind: 'pair' });
  assert.deepEqual(gateMessage(dm('2'), rules(), pairedTwo), { kind: 'accept', origin: { kind: 'paired-dm' }, basis: 'paired: the owner approved this sender\'s code at 2026-12-01T00:00:00.000Z' });
  assert.deepEqual(gateMessage(dm('2'), rules({ dmPolicy: 'allowlist', allowFrom: ['2'] }), none), { kind: 'accept', origin: { kind: 'paired-dm' }, basis: 'on the allowlist (allowFrom)' });
  assert.equal(gateMessage(dm('3'), rules({ dmPolicy: 'allowlist', allowFrom: ['2'] }), none).kind, 'drop');
  assert.deepEqual(gateMessage(dm('3'), rules({ dmPolicy: 'open', allowFrom: ['*'] }), none), { kind: 'accept', origin: { kind: 'paired-dm' }, basis: 'anyone may write (dmPolicy "open", allowFrom "*")' });
  assert.match(JSON.stringify(gateMessage(dm('2'), rules({ dmPolicy: 'disabled' }), pairedTwo)), /disabled/);
  assert.match(JSON.stringify(gateMessage(dm('2', 'hi', { sender: { id: '2', isBot: true } }), rules(), pairedTwo)), /bots/);
});

test('the group gate: allowlist ({} none, "*" all), groupAllowFrom, mention gating by mention, reply or pattern, and the group\'s profile', () => {
  assert.match(JSON.stringify(gateMessage(inGroup('2', '@clawdock hi'), rules(), none)), /not on the group allowlist/);
  const open = rules({ groups: { '*': { requireMention: true, profile: 'group' } } });
  assert.deepEqual(gateMessage(inGroup('2', 'hello all'), open, none), { kind: 'drop', decision: 'ignored-no-mention', reason: 'no mention of the bot (requireMention)' });
  assert.deepEqual(gateMessage(inGroup('2', 'hey @ClawDock what is up'), open, none), { kind: 'accept', origin: { kind: 'group', profile: 'group' }, basis: 'group "*" on the group allowlist, mentioned' });
  assert.equal(gateMessage(inGroup('2', 'x', { mentionsBot: true }), open, none).kind, 'accept');
  assert.equal(gateMessage(inGroup('2', 'x', { repliesToBot: true }), open, none).kind, 'accept');
  const listed = rules({ groups: { '-100': { requireMention: false, profile: 'paired', allowFrom: ['5'] } } });
  assert.match(JSON.stringify(gateMessage(inGroup('2', 'x'), listed, none)), /groupAllowFrom/);
  assert.deepEqual(gateMessage(inGroup('5', 'x'), listed, none), { kind: 'accept', origin: { kind: 'group', profile: 'paired' }, basis: 'group -100 on the group allowlist' });
});

test('pairing: one code per sender, nothing for a second message, nothing for the fourth pending sender, approval is case-insensitive', () => {
  const home = mkdtempSync(join(tmpdir(), 'clawdock-pairing-'));
  let now = 1_000_000;
  const store = new PairingStore({ home, provider: 'telegram', now: () => now });
  const first = store.request('2', 'Ann');
  assert.equal(first.kind, 'issued');
  assert.deepEqual(store.request('2'), { kind: 'already-pending' });
  assert.equal(store.request('3').kind, 'issued');
  assert.equal(store.request('4').kind, 'issued');
  assert.deepEqual(store.request('5'), { kind: 'full' });
  assert.equal(statSync(store.file).mode & 0o777, 0o600);
  const approved = store.approve((first as { code: string }).code.toLowerCase());
  assert.equal(approved.senderId, '2');
  assert.equal(store.approvedAt('2'), approved.approvedAt);
  assert.deepEqual(store.request('2'), { kind: 'approved' });
  assert.equal(store.request('5').kind, 'issued', 'approving freed a place');
  assert.equal(store.revoke('2'), true);
  assert.equal(store.approvedAt('2'), undefined);
  now += 1;
});

test('a pairing code expires after an hour: it can no longer be approved and its place is free', () => {
  const home = mkdtempSync(join(tmpdir(), 'clawdock-pairing-'));
  let now = 5_000_000;
  const store = new PairingStore({ home, provider: 'telegram', now: () => now });
  const issued = store.request('2') as { code: string };
  store.request('3');
  store.request('4');
  now += 60 * 60 * 1000 - 1;
  assert.equal(store.list().pending.length, 3);
  now += 1;
  assert.equal(store.list().pending.length, 0);
  assert.throws(() => store.approve(issued.code), /no pending pairing.*expired/);
  assert.equal(store.request('5').kind, 'issued');
  assert.equal(store.request('2').kind, 'issued', 'a sender whose code expired may ask again');
});

test('the rate limiter allows a burst up to the limit, then refills over time, per key', () => {
  let now = 0;
  const limiter = new RateLimiter(() => now);
  const rule = { messages: 3, perSeconds: 60 };
  assert.deepEqual([1, 2, 3, 4].map(() => limiter.take('a', rule)), [true, true, true, false]);
  assert.equal(limiter.take('b', rule), true);
  now += 20_000;
  assert.equal(limiter.take('a', rule), true);
  assert.equal(limiter.take('a', rule), false);
});
