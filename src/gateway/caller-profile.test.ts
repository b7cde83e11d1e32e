import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chatCaller, profileFor } from './caller-profile';

test('an owner DM is coding, a paired DM asks for everything, a group is read-only unless widened', () => {
  assert.equal(profileFor({ kind: 'owner-dm' }), 'owner');
  assert.equal(profileFor({ kind: 'paired-dm' }), 'paired');
  assert.equal(profileFor({ kind: 'group' }), 'group');
  assert.equal(profileFor({ kind: 'group', profile: 'paired' }), 'paired');
});

test('a chat caller is named by provider and sender, via the gateway surface', () => {
  assert.deepEqual(chatCaller('telegram', '42', { kind: 'paired-dm' }), { profile: 'paired', surface: 'gateway', id: 'telegram:42' });
});
