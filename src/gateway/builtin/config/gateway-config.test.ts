import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGatewayConfig } from './gateway-config';

const telegram = (over: Record<string, unknown> = {}) => ({ providers: { telegram: { token: { secret: 'telegram.bot' }, ...over } } });

test('defaults: pairing, no groups, mention required, limits set', () => {
  const c = parseGatewayConfig(telegram()).providers.telegram;
  assert.equal(c?.dmPolicy, 'pairing');
  assert.deepEqual(c?.groups, {});
  assert.equal(c?.apiRoot, 'https://api.telegram.org');
  assert.deepEqual(c?.rateLimit.perSender, { messages: 10, perSeconds: 60 });
  assert.equal(parseGatewayConfig(telegram({ groups: { '*': {} } })).providers.telegram?.groups['*']?.requireMention, true);
});

test('refuses, naming the key: open without "*", a literal token, an unknown key, a misspelt policy, a non-numeric id', () => {
  assert.throws(() => parseGatewayConfig(telegram({ dmPolicy: 'open' })), /`providers\.telegram\.allowFrom`: dmPolicy "open"/);
  assert.doesNotThrow(() => parseGatewayConfig(telegram({ dmPolicy: 'open', allowFrom: ['*'] })));
  assert.throws(() => parseGatewayConfig({ providers: { telegram: { token: '123:abc' } } }), /`providers\.telegram\.token`: a literal token/);
  assert.doesNotThrow(() => parseGatewayConfig({ providers: { telegram: { token: '123:abc', dangerouslyAllowPlaintextToken: true } } }));
  assert.throws(() => parseGatewayConfig(telegram({ dmPolicyy: 'open' })), /`providers\.telegram`: .*dmPolicyy/);
  assert.throws(() => parseGatewayConfig(telegram({ dmPolicy: 'pairng' })), /`providers\.telegram\.dmPolicy`/);
  assert.throws(() => parseGatewayConfig(telegram({ allowFrom: ['@ann'] })), /`providers\.telegram\.allowFrom\.0`: a numeric Telegram id/);
  assert.throws(() => parseGatewayConfig(telegram({ ownerApprovals: true })), /`providers\.telegram\.owner`/);
});

test('an owner-profile group must be the owner alone', () => {
  assert.throws(() => parseGatewayConfig(telegram({ owner: '1', groups: { '-5': { profile: 'owner' } } })), /`providers\.telegram\.groups\.-5\.profile`/);
  assert.throws(() => parseGatewayConfig(telegram({ owner: '1', groups: { '-5': { profile: 'owner', allowFrom: ['1', '2'] } } })), /owner alone/);
  assert.doesNotThrow(() => parseGatewayConfig(telegram({ owner: '1', groups: { '-5': { profile: 'owner', allowFrom: ['1'] } } })));
});
