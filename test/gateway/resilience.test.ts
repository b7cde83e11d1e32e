// The built-in gateway under load and failure: a burst from one sender, malformed
// updates, a Bot API that drops the connection, and SIGTERM mid-task.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceKey } from '../../src/core/workspace-key';
import { ANN, gatewayFixture, OWNER } from './gateway-fixture';

describe('the built-in gateway under load and failure', () => {
  it('rate-limits a burst of 1,000 messages from one sender, audits every one, and keeps answering', async () => {
    const f = await gatewayFixture({ telegram: { dmPolicy: 'allowlist', allowFrom: [String(ANN.id)], rateLimit: { perSender: { messages: 5, perSeconds: 60 } } } });
    try {
      for (let i = 0; i < 1000; i++) f.tg.dm(ANN, `message ${i}`);
      await f.waitForAudit((events) => events.filter((e) => e.type === 'gateway-message').length === 1000, 120_000);
      const decisions = f.gatewayMessages().map((e) => e.decision);
      assert.equal(decisions.filter((d) => d === 'accepted').length, 5);
      assert.equal(decisions.filter((d) => d === 'rate-limited').length, 995);
      assert.match(f.gatewayMessages().find((e) => e.decision === 'rate-limited')?.reason ?? '', /more than 5 messages in 60 s from this sender \(rateLimit\.perSender\)/);
      for (let i = 0; i < 5; i++) await f.tg.waitForSent((m) => m.text === `echo: message ${i}`, 60_000);
      assert.equal(f.model.requests.length, 5);
      f.tg.dm(OWNER, 'still alive?');
      await f.tg.waitForSent((m) => m.text === 'echo: still alive?');
      f.clock.now += 60_000;
      f.tg.dm(ANN, 'after a minute');
      await f.tg.waitForSent((m) => m.text === 'echo: after a minute');
    } finally {
      await f.cleanup();
    }
  });

  it('rejects malformed updates, logs and audits them, and answers the good one after them', async () => {
    const f = await gatewayFixture();
    try {
      f.tg.pushRaw({ update_id: f.tg.nextUpdateId(), message: { message_id: 1, chat: { id: 5, type: 'private' }, date: 1, text: 'no sender' } });
      f.tg.pushRaw({ update_id: f.tg.nextUpdateId(), message: { message_id: 2, from: { id: 'x', is_bot: false, first_name: 'Eve' }, chat: { id: 5, type: 'private' }, date: 1, text: 'bad id' } });
      f.tg.pushRaw({ update_id: f.tg.nextUpdateId(), message: { message_id: 3, from: { id: 6, is_bot: false, first_name: 'Eve' }, chat: { id: 6, type: 'martian' }, date: 1, text: 'odd chat' } });
      f.tg.pushRaw({ update_id: f.tg.nextUpdateId(), message: 'not an object' });
      f.tg.dm(OWNER, 'after the garbage');
      await f.tg.waitForSent((m) => m.text === 'echo: after the garbage');
      const rejected = f.gatewayMessages().filter((e) => e.decision === 'rejected');
      assert.equal(rejected.length, 4);
      assert.match(rejected.map((e) => e.reason).join('\n'), /malformed update 1: message\.from: a message without a sender/);
      assert.match(rejected.map((e) => e.reason).join('\n'), /malformed update 2: message\.from\.id/);
      assert.equal(f.log.filter((l) => /rejected as malformed/.test(l)).length, 4);
      assert.equal(f.tg.sent.length, 1, 'nothing was sent in answer to a malformed update');
      assert.ok(f.tg.confirmedBelow() >= 5 || f.tg.calls.filter((c) => c === 'getUpdates').length > 0);
    } finally {
      await f.cleanup();
    }
  });

  it('reconnects with backoff after the Bot API fails and drops the connection, losing no message', async () => {
    const f = await gatewayFixture();
    try {
      f.tg.dm(OWNER, 'before the outage');
      await f.tg.waitForSent((m) => m.text === 'echo: before the outage');
      f.tg.failNext('getUpdates', 3, { status: 502 });
      f.tg.dropConnections();
      f.tg.dm(OWNER, 'during the outage');
      await f.tg.waitForSent((m) => m.text === 'echo: during the outage');
      f.tg.failNext('getUpdates', 2, { cut: true });
      f.tg.dropConnections();
      f.tg.dm(OWNER, 'after the cut');
      await f.tg.waitForSent((m) => m.text === 'echo: after the cut');
      assert.ok(f.log.some((l) => /getUpdates failed .*retrying in \d+ ms/.test(l)), f.log.join('\n'));
      assert.ok(f.log.some((l) => /connected again after \d+ failed poll/.test(l)));
      assert.equal(f.tg.sent.length, 3);
    } finally {
      await f.cleanup();
    }
  });

  it('stops cleanly on SIGTERM mid-task; the accepted message stays queued and is answered at the next start', async () => {
    let slow = true;
    const f = await gatewayFixture({
      noStart: true,
      config: { shutdownGraceSeconds: 0 },
      script: (request) => (slow ? { text: 'too late', delayMs: 30_000 } : { text: `echo: ${JSON.stringify(request.body).includes('queued work') ? 'queued work' : '?'}` }),
    });
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'gateway', 'start', '--config', f.configFile, '--workspace', f.workspace], { env: f.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      f.tg.dm(OWNER, 'queued work');
      const journal = join(f.home, 'gateway', workspaceKey(f.workspace), 'inbox.json');
      const deadline = Date.now() + 30_000;
      while (f.model.requests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.equal(f.model.requests.length, 1, stderr);
      child.kill('SIGTERM');
      assert.equal(await exited, 0, stderr);
      assert.match(stderr, /SIGTERM: stopping/);
      assert.match(stderr, /stopped/);
      assert.equal(f.tg.sent.length, 0, 'nothing half-done was sent');
      assert.ok(existsSync(journal));
      assert.match(readFileSync(journal, 'utf8'), /queued work/);
      assert.ok(!existsSync(join(f.home, 'gateway', `${workspaceKey(f.workspace)}.link.json`)), 'the link file is removed');

      slow = false;
      await f.start();
      const answer = await f.tg.waitForSent((m) => m.chatId === String(OWNER.id));
      assert.equal(answer.text, 'echo: queued work');
      for (let i = 0; i < 100 && !/"entries":\[\]/.test(readFileSync(journal, 'utf8')); i++) await new Promise((r) => setTimeout(r, 50));
      assert.match(readFileSync(journal, 'utf8'), /"entries":\[\]/, 'answered, so it left the journal');
      assert.equal(f.gatewayMessages().filter((e) => e.decision === 'accepted').length, 1, 'taken once, run after the restart');
    } finally {
      await f.cleanup();
    }
  });
});
