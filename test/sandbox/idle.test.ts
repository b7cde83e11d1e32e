// The container stops itself after the idle time, but never while a command runs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { requireEngine } from '../helpers/engine-gate';
import { withSandbox } from '../helpers/sandbox-fixture';

// 0.05 minutes = 3 s idle; the watchdog looks every 10 s, so a stop comes within ~13 s.
const IDLE = { 'sandbox.idleStopMinutes': 0.05 };

async function stateAfter(f: Parameters<Parameters<typeof withSandbox>[1]>[0], ms: number): Promise<string> {
  await new Promise((r) => setTimeout(r, ms));
  return (await f.sandbox.status()).state;
}

describe('the idle stop', requireEngine(), () => {
  it('stops the container after the idle time and the next command starts it again', async () => {
    await withSandbox(IDLE, async (f) => {
      await f.sandbox.up();
      assert.equal(await stateAfter(f, 16_000), 'stopped');
      const r = await f.sandbox.exec({ argv: ['echo', 'back'] });
      assert.equal(r.stdout, 'back\n');
    });
  });

  it('does not stop the container while a command runs past the idle time', async () => {
    await withSandbox(IDLE, async (f) => {
      await f.sandbox.up();
      const r = await f.sandbox.exec({ argv: ['sh', '-c', 'sleep 14; echo survived'], timeoutMs: 30_000 });
      assert.equal(r.stdout, 'survived\n');
      assert.equal(r.exitCode, 0);
    });
  });
});
