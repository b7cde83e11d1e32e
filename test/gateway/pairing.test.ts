// DM access through the built-in gateway, against the local Bot API server:
// pairing end to end, code expiry, the pending limit, and policies refused at load.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { ANN, BOB, gatewayFixture, OWNER } from './gateway-fixture';

const CODE = /Your pairing code: ([A-HJ-NP-Z2-9]{8})/;

describe('the built-in gateway: DM pairing', () => {
  it('pairs a stranger end to end: one code, later messages ignored, the owner approves with the CLI, the next message is answered', async () => {
    const f = await gatewayFixture();
    try {
      f.tg.dm(ANN, 'hello bot');
      const codeMessage = await f.tg.waitForSent((m) => m.chatId === String(ANN.id));
      const code = CODE.exec(codeMessage.text)?.[1];
      assert.ok(code, codeMessage.text);
      f.tg.dm(ANN, 'hello again, are you there?');
      f.tg.dm(ANN, 'run: ls');
      await f.waitForAudit((events) => events.filter((e) => e.type === 'gateway-message' && e.sender === String(ANN.id)).length >= 3);
      assert.equal(f.tg.sent.filter((m) => m.chatId === String(ANN.id)).length, 1, 'exactly one reply: the code');
      assert.equal(f.model.requests.length, 0, 'nothing an unpaired sender wrote reached the model');
      const decisions = f.gatewayMessages().map((e) => [e.decision, e.reason]);
      assert.deepEqual(decisions.map(([d]) => d), ['pairing-code-sent', 'ignored', 'ignored']);
      assert.match(String(decisions[1]?.[1]), /already sent/);

      const list = await f.cli(['pairing', 'list', '--provider', 'telegram', '--json']);
      assert.equal(list.code, 0, list.stderr);
      assert.equal(JSON.parse(list.stdout)[0].pending[0].senderId, String(ANN.id));
      const approved = await f.cli(['pairing', 'approve', '--provider', 'telegram', code.toLowerCase()]);
      assert.equal(approved.code, 0, approved.stderr);
      assert.match(approved.stdout, /approved 2002/);

      f.tg.dm(ANN, 'what is in the README?');
      const answer = await f.tg.waitForSent((m) => m.chatId === String(ANN.id) && m.text.startsWith('echo:'));
      assert.match(answer.text, /echo: what is in the README\?/);
      assert.equal(f.model.requests.length, 1);
      const accepted = f.gatewayMessages().find((e) => e.decision === 'accepted');
      assert.match(accepted?.reason ?? '', /^paired profile \(paired-dm\): paired: the owner approved this sender's code at \d{4}-\d\d-\d\dT/, 'the audit says which pairing let the sender in');
      assert.ok(f.audit().some((e) => e.type === 'model-request' && e.caller?.id === `telegram:${ANN.id}` && e.caller.profile === 'paired'));

      const revoked = await f.cli(['pairing', 'revoke', '--provider', 'telegram', String(ANN.id)]);
      assert.equal(revoked.code, 0, revoked.stderr);
      f.tg.dm(ANN, 'still there?');
      await f.tg.waitForSent((m) => m.chatId === String(ANN.id) && CODE.test(m.text) && !m.text.includes(code));
      assert.equal(f.model.requests.length, 1, 'a revoked sender is a stranger again');
    } finally {
      await f.cleanup();
    }
  });

  it('lets a pairing code expire after an hour (injected clock): it can no longer be approved, and the sender may ask again', async () => {
    const f = await gatewayFixture();
    try {
      f.tg.dm(ANN, 'hi');
      const first = CODE.exec((await f.tg.waitForSent((m) => m.chatId === String(ANN.id))).text)?.[1] as string;
      f.clock.now += 60 * 60 * 1000;
      const late = await f.cli(['pairing', 'approve', '--provider', 'telegram', first]);
      assert.notEqual(late.code, 0);
      assert.match(late.stderr, /no pending pairing has the code .* expired/);
      f.tg.dm(ANN, 'hi again');
      const second = await f.tg.waitForSent((m) => m.chatId === String(ANN.id) && !m.text.includes(first));
      assert.match(second.text, CODE);
    } finally {
      await f.cleanup();
    }
  });

  it('gives the fourth pending sender nothing', async () => {
    const f = await gatewayFixture();
    try {
      const senders = [ANN, BOB, { id: 4004, first_name: 'Cy' }, { id: 5005, first_name: 'Di' }];
      for (const s of senders.slice(0, 3)) {
        f.tg.dm(s, 'hi');
        await f.tg.waitForSent((m) => m.chatId === String(s.id));
      }
      f.tg.dm(senders[3]!, 'hi');
      await f.waitForAudit((events) => events.some((e) => e.type === 'gateway-message' && e.sender === '5005'));
      assert.equal(f.tg.sent.filter((m) => m.chatId === '5005').length, 0);
      assert.match(f.gatewayMessages().find((e) => e.sender === '5005')?.reason ?? '', /3 pairing requests are already pending/);
    } finally {
      await f.cleanup();
    }
  });

  it('answers the owner\'s own DM with the owner\'s profile, no pairing needed', async () => {
    const f = await gatewayFixture();
    try {
      f.tg.dm(OWNER, 'status please');
      const answer = await f.tg.waitForSent((m) => m.chatId === String(OWNER.id));
      assert.equal(answer.text, 'echo: status please');
      assert.match(f.gatewayMessages()[0]?.reason ?? '', /owner profile/);
    } finally {
      await f.cleanup();
    }
  });

  it('refuses at load a dmPolicy "open" without "*", and a literal token, naming the key to change', async () => {
    const f = await gatewayFixture({ noStart: true, telegram: { dmPolicy: 'open', allowFrom: ['2002'] } });
    try {
      const open = await f.cli(['gateway', 'start', '--config', f.configFile, '--workspace', f.workspace]);
      assert.equal(open.code, 1);
      assert.match(open.stderr, /`providers\.telegram\.allowFrom`: dmPolicy "open" .* needs an explicit "\*"/);
      const config = JSON.parse(JSON.stringify({ providers: { telegram: { token: f.tg.token, apiRoot: f.tg.url } } }));
      writeFileSync(f.configFile, JSON.stringify(config));
      const literal = await f.cli(['gateway', 'start', '--config', f.configFile, '--workspace', f.workspace]);
      assert.equal(literal.code, 1);
      assert.match(literal.stderr, /`providers\.telegram\.token`: a literal token .* is refused/);
      assert.ok(!literal.stderr.includes(f.tg.token), 'the error does not repeat the token');
      writeFileSync(f.configFile, JSON.stringify({ providers: { telegram: { token: { secret: 'telegram.bot' }, dmPolicy: 'pairng' } } }));
      const typo = await f.cli(['gateway', 'start', '--config', f.configFile, '--workspace', f.workspace]);
      assert.match(typo.stderr, /`providers\.telegram\.dmPolicy`/);
    } finally {
      await f.cleanup();
    }
  });
});
