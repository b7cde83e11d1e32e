// The loopback link between the gateway and a VS Code window: only a client
// with the token from the 0600 link file joins; every frame is checked; while a
// window is joined, tasks run on its agent.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import WebSocket from 'ws';
import { sameSecret } from '../../src/gateway/builtin/window-link/link-server';
import { readLinkFile, WindowLinkClient, type LinkTask } from '../../src/gateway/builtin/window-link/link-client';
import { gatewayFixture, OWNER } from './gateway-fixture';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function closeOf(url: string, first?: string, headers: Record<string, string> = {}): Promise<{ code: number; reason: string } | { refused: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => resolve({ refused: res.statusCode ?? 0 }));
    ws.on('open', () => {
      if (first !== undefined) ws.send(first);
    });
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    ws.on('error', () => undefined);
  });
}

describe('the window link', () => {
  it('announces itself in a 0600 file and refuses a wrong token, a bad frame, another version, a browser origin and a first frame that is not hello', async () => {
    const f = await gatewayFixture();
    try {
      const link = readLinkFile(f.home, f.workspace);
      assert.ok(link);
      assert.equal(statSync(f.running!.link.file).mode & 0o777, 0o600);
      const url = `ws://127.0.0.1:${link.port}/`;
      const hello = (token: string, v = 1) => JSON.stringify({ v, type: 'hello', token, workspace: f.workspace, client: 'test' });
      assert.deepEqual(await closeOf(url, hello('x'.repeat(43))), { code: 4003, reason: 'wrong token' });
      assert.deepEqual(await closeOf(url, hello(link.token, 2)), { code: 4001, reason: 'protocol version 2 is not 1' });
      assert.deepEqual(await closeOf(url, '{"v":1,"type":"task-result"}'), { code: 4002, reason: 'id: Invalid input: expected string, received undefined' });
      assert.deepEqual(await closeOf(url, JSON.stringify({ v: 1, type: 'hello', token: link.token, workspace: '/elsewhere', client: 'x' })), { code: 4003, reason: 'this gateway serves another workspace' });
      assert.deepEqual(await closeOf(url, hello(link.token), { Origin: 'https://evil.example' }), { refused: 401 });
      assert.deepEqual(await closeOf(url, JSON.stringify({ v: 1, type: 'task-error', id: '1', message: 'x' })), { code: 4003, reason: 'hello first' });
      assert.ok(f.log.some((l) => /refused a connection with a wrong token/.test(l)));
      assert.equal(sameSecret('abc', 'abc'), true);
      assert.equal(sameSecret('abc', 'abd'), false);
      assert.equal(sameSecret('abc', 'abcd'), false);
    } finally {
      await f.cleanup();
    }
  });

  it('runs tasks on the joined window\'s agent, with the caller, and falls back to the headless agent when it leaves', async () => {
    const f = await gatewayFixture();
    try {
      const tasks: LinkTask[] = [];
      const states: unknown[] = [];
      const client = new WindowLinkClient({
        home: f.home, workspace: f.workspace, client: 'test window', logger: silent,
        onState: (s) => states.push(s),
        runTask: async (task) => {
          tasks.push(task);
          return { stop: { reason: 'finished', message: 'done', endedAfterRefusal: false }, text: `window agent did: ${task.text}` };
        },
      });
      assert.equal(await client.connect(), true);
      for (let i = 0; i < 100 && !f.log.some((l) => /a VS Code window joined/.test(l)); i++) await new Promise((r) => setTimeout(r, 20));
      f.tg.dm(OWNER, 'edit the README');
      const answer = await f.tg.waitForSent((m) => m.chatId === String(OWNER.id));
      assert.equal(answer.text, 'window agent did: edit the README');
      assert.deepEqual(tasks[0]?.caller, { profile: 'owner', surface: 'gateway', id: 'telegram:1001' });
      assert.equal(f.model.requests.length, 0, 'the headless agent was not used');
      assert.ok(states.some((s) => (s as { agent?: string } | undefined)?.agent === 'window'));
      client.close();
      for (let i = 0; i < 100 && !f.log.some((l) => /window left/.test(l)); i++) await new Promise((r) => setTimeout(r, 20));
      f.tg.dm(OWNER, 'and now?');
      await f.tg.waitForSent((m) => m.text === 'echo: and now?');
    } finally {
      await f.cleanup();
    }
  });
});
