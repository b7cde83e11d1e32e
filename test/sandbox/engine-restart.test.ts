// The engine goes away under a live sandbox and comes back: the call made while
// it is down fails with a clear error, and the next call after it is back works.
// Disruptive (it stops dockerd, and with it every container on this machine),
// so it lives in its own file and always leaves the engine running.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClawdockError, EngineUnreachableError } from '../../src/core/errors';
import { requireEngine } from '../helpers/engine-gate';
import { openSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';

const ENGINE_SCRIPT = join(__dirname, '..', '..', '.ci', 'engine.sh');
const PID_FILE = '/var/run/docker.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Stops the local dockerd the way a crash or an upgrade would, and waits until it is gone. */
async function stopEngine(): Promise<void> {
  assert.ok(existsSync(PID_FILE), `${PID_FILE} is missing: this test needs the local dockerd started by .ci/engine.sh`);
  const pid = Number(readFileSync(PID_FILE, 'utf8').trim());
  assert.ok(pid > 1 && alive(pid), `dockerd (pid ${pid}) is not running`);
  process.kill(pid, 'SIGTERM');
  await waitFor(`dockerd ${pid} to exit`, () => !alive(pid), 60_000);
}

/** Starts the engine as CI does; idempotent when it already answers. */
function startEngine(): void {
  execFileSync('bash', [ENGINE_SCRIPT], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 180_000 });
}

function engineAnswers(): boolean {
  return requireEngine({ ...process.env, CI: 'false' }).skip === false;
}

describe('a sandbox whose engine restarts', requireEngine(), () => {
  let f: SandboxFixture;

  before(async () => {
    f = openSandbox({}, { 'a.txt': 'before\n' });
    await f.sandbox.up();
    assert.equal((await f.sh('cat a.txt')).stdout, 'before\n');
  });

  after(async () => {
    // Whatever happened above, the engine answers again before anything else runs.
    if (!engineAnswers()) startEngine();
    await f?.cleanup();
  });

  it('fails clearly while the engine is down and recovers at the next call once it is back', async () => {
    const running = f.sandbox.exec({ argv: ['sleep', '30'], timeoutMs: 60_000 }).then(
      (r) => new Error(`the command finished (exit ${r.exitCode}) although the engine stopped`),
      (err: unknown) => err,
    );
    await new Promise((r) => setTimeout(r, 300));
    await stopEngine();

    const lost = await running;
    assert.ok(lost instanceof ClawdockError, `the running command ended with ${String(lost)}`);

    await assert.rejects(f.sh('echo down'), (err: unknown) => {
      assert.ok(err instanceof EngineUnreachableError, `expected EngineUnreachableError, got ${String(err)}`);
      assert.match(err.message, /not reachable at unix:\/\//);
      return true;
    });
    assert.equal((await f.sandbox.status()).state, 'unreachable');

    startEngine();
    const r = await f.sh('cat a.txt; echo after > b.txt');
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, 'before\n');
    assert.equal((await f.sh('cat b.txt')).stdout, 'after\n');
    assert.equal((await f.sandbox.status()).state, 'running');
  });
});
