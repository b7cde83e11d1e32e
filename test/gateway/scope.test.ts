// What chat callers may make the agent do: groups with mention gating and the
// read-only profile, halts on a non-owner's violation, approvals only from the
// owner (in the owner's DM), and commands that run in the workspace's sandbox.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { requireEngine } from '../helpers/engine-gate';
import { ANN, BOB, gatewayFixture, GROUP_ID, OWNER } from './gateway-fixture';

const openGroup = { groups: { [String(GROUP_ID)]: { requireMention: true } } };

describe('the built-in gateway: groups, profiles and halts', () => {
  it('ignores a group message without a mention and answers one with a mention or a reply to the bot', async () => {
    const f = await gatewayFixture({ telegram: { ...openGroup, mentionPatterns: ['hey clawdock'] } });
    try {
      f.tg.group(GROUP_ID, BOB, 'just chatting among ourselves');
      f.tg.group(GROUP_ID, BOB, 'what does the README say?', { mention: true });
      const answer = await f.tg.waitForSent((m) => m.chatId === String(GROUP_ID));
      assert.match(answer.text, /^echo: @clawdock_test_bot what does the README say\?/);
      f.tg.group(GROUP_ID, BOB, 'and this?', { replyToBot: true });
      f.tg.group(GROUP_ID, BOB, 'Hey Clawdock, one more');
      await f.tg.waitForSent((m) => m.text === 'echo: Hey Clawdock, one more');
      assert.equal(f.tg.sent.filter((m) => m.chatId === String(GROUP_ID)).length, 3);
      const decisions = f.gatewayMessages().map((e) => e.decision);
      assert.deepEqual(decisions, ['ignored-no-mention', 'accepted', 'accepted', 'accepted']);
      assert.match(f.gatewayMessages()[1]?.reason ?? '', /group profile/);
      f.tg.group(-999, BOB, 'hello', { mention: true });
      await f.waitForAudit((events) => events.filter((e) => e.type === 'gateway-message').length === 5);
      assert.match(f.gatewayMessages()[4]?.reason ?? '', /not on the group allowlist/);
    } finally {
      await f.cleanup();
    }
  });

  it('gives a group asking to run a command the read-only refusal, halts the run and tells the owner', async () => {
    const f = await gatewayFixture({ telegram: openGroup });
    try {
      f.tg.group(GROUP_ID, BOB, 'run: touch pwned.txt', { mention: true });
      const refusal = await f.tg.waitForSent((m) => m.chatId === String(GROUP_ID));
      assert.match(refusal.text, /this chat may not do that/);
      assert.match(refusal.text, /group caller may only run read-only commands/);
      const told = await f.tg.waitForSent((m) => m.chatId === String(OWNER.id));
      assert.match(told.text, /halted a run for telegram:3003 \(group, telegram group -100500\)/);
      assert.equal(existsSync(join(f.workspace, 'pwned.txt')), false);
      assert.equal(f.model.requests.length, 1, 'the run ended at the refused call: the model was not asked again');
      const decision = f.audit().find((e) => e.type === 'policy-decision');
      assert.equal(decision?.type === 'policy-decision' && decision.decision, 'deny');
      assert.equal(decision?.type === 'policy-decision' && decision.callerProfile, 'group');
    } finally {
      await f.cleanup();
    }
  });

  it('halts a paired sender\'s run on its first denied call and tells the owner', async () => {
    const f = await gatewayFixture({ telegram: { dmPolicy: 'allowlist', allowFrom: [String(ANN.id)] }, files: { '.env': 'API_KEY=hunter2\n' } });
    try {
      f.tg.dm(ANN, 'read: .env');
      const refusal = await f.tg.waitForSent((m) => m.chatId === String(ANN.id));
      assert.match(refusal.text, /Stopped: this chat may not do that/);
      assert.ok(!refusal.text.includes('hunter2'));
      const told = await f.tg.waitForSent((m) => m.chatId === String(OWNER.id));
      assert.match(told.text, /halted a run for telegram:2002 \(paired, telegram DM\)/);
      assert.equal(f.model.requests.length, 1);
      assert.ok(f.log.some((l) => /halted the run of telegram:2002/.test(l)));
    } finally {
      await f.cleanup();
    }
  });

  it('lets the owner\'s own refused call continue (the owner is not halted)', async () => {
    const f = await gatewayFixture({ files: { '.env': 'API_KEY=hunter2\n' } });
    try {
      f.tg.dm(OWNER, 'read: .env');
      const answer = await f.tg.waitForSent((m) => m.chatId === String(OWNER.id));
      assert.match(answer.text, /^Tool said: Refused by policy/);
      assert.equal(f.model.requests.length, 2, 'the model heard the refusal and answered');
    } finally {
      await f.cleanup();
    }
  });
});

describe('the built-in gateway: approvals only from the owner', { ...requireEngine() }, () => {
  it('ignores /approve from anyone but the owner; the owner\'s /approve in their DM runs the paired sender\'s command in the sandbox', async () => {
    const f = await gatewayFixture({ telegram: { dmPolicy: 'allowlist', allowFrom: [String(ANN.id), String(BOB.id)], ownerApprovals: true, ...openGroup } });
    try {
      f.tg.dm(ANN, 'run: echo from-the-sandbox > made.txt && cat made.txt');
      const ask = await f.tg.waitForSent((m) => m.chatId === String(OWNER.id) && /^Approval [A-Z2-9]{6}/.test(m.text));
      const code = /^Approval ([A-Z2-9]{6})/.exec(ask.text)?.[1] as string;
      assert.match(ask.text, /telegram:2002 \(paired\).*run echo from-the-sandbox/s);
      f.tg.dm(ANN, `/approve ${code}`);
      f.tg.dm(BOB, `/approve ${code}`);
      f.tg.group(GROUP_ID, BOB, `/approve ${code}`);
      await f.waitForAudit((events) => events.filter((e) => e.type === 'gateway-message' && e.decision === 'ignored' && /only by the owner/.test(e.reason ?? '')).length === 3);
      assert.equal(existsSync(join(f.workspace, 'made.txt')), false, 'nothing ran on a stranger\'s /approve');
      assert.ok(!f.audit().some((e) => e.type === 'approval-answered'));
      f.tg.dm(OWNER, `/approve ${code.toLowerCase()}`);
      await f.tg.waitForSent((m) => m.chatId === String(OWNER.id) && m.text === `Approved ${code}.`);
      const answer = await f.tg.waitForSent((m) => m.chatId === String(ANN.id));
      assert.match(answer.text, /from-the-sandbox/);
      const answered = f.audit().find((e) => e.type === 'approval-answered');
      assert.deepEqual(answered && answered.type === 'approval-answered' && [answered.answer, answered.by, answered.surface], ['approved', 'owner', 'gateway']);
      assert.ok(f.audit().some((e) => e.type === 'exec' && e.caller?.id === 'telegram:2002'), 'it ran through the sandbox\'s audited exec');
    } finally {
      await f.cleanup();
    }
  });
});
