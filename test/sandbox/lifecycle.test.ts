// Container lifecycle against the real engine: one container per workspace
// folder, recreated on a config change (never under a running command),
// removed by `down` and `prune`, recovered after it was killed.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import Docker from 'dockerode';
import { SandboxError } from '../../src/core/errors';
import { pruneSandboxes } from '../../src/sandbox';
import { requireEngine } from '../helpers/engine-gate';
import { makeWorkspace, openSandbox, testSettings, type SandboxFixture } from '../helpers/sandbox-fixture';
import { waitFor } from '../helpers/wait-for';

describe('the sandbox lifecycle', requireEngine(), () => {
  const opened: SandboxFixture[] = [];
  const open = (...args: Parameters<typeof openSandbox>) => {
    const f = openSandbox(...args);
    opened.push(f);
    return f;
  };
  after(async () => {
    for (const f of opened) await f.cleanup().catch(() => undefined);
  });

  /**
   * The real engine, but listing only this file's containers: `prune` runs its
   * real logic without removing stopped sandboxes of other sessions on a shared machine.
   */
  const scopedEngine = (engine: SandboxFixture['engine']): SandboxFixture['engine'] => {
    const mine = () => new Set(opened.map((o) => o.sandbox.workspace.containerName));
    return new Proxy(engine, {
      get(target, prop, receiver) {
        if (prop === 'listContainers') {
          return async (labels: Record<string, string>) => (await target.listContainers(labels)).filter((c) => mine().has(c.name));
        }
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };

  const containerId = async (f: SandboxFixture) => (await f.engine.inspectContainer(f.sandbox.workspace.containerName))?.id ?? null;

  it('gives two workspace folders two containers, each seeing only its own folder', async () => {
    const a = open({}, { 'who.txt': 'a\n' });
    const b = open({}, { 'who.txt': 'b\n' });
    await Promise.all([a.sandbox.up(), b.sandbox.up()]);
    assert.notEqual(a.sandbox.workspace.containerName, b.sandbox.workspace.containerName);
    const [ia, ib] = await Promise.all([containerId(a), containerId(b)]);
    assert.ok(ia && ib && ia !== ib);
    assert.equal((await a.sh('cat who.txt')).stdout, 'a\n');
    assert.equal((await b.sh('cat who.txt')).stdout, 'b\n');
    await Promise.all([a.cleanup(), b.cleanup()]);
  });

  it('reuses the container of a workspace from a second session with the same settings', async () => {
    const a = open();
    await a.sandbox.up();
    const id = await containerId(a);
    const again = open({}, {}, a.workspace);
    await again.sandbox.up();
    assert.equal(await containerId(again), id);
    assert.equal((await again.sh('echo same')).stdout, 'same\n');
    again.sandbox.dispose();
    await a.cleanup();
  });

  it('recreates the container when a setting changes, but not while a command runs', async () => {
    const f = open({ 'sandbox.memoryMb': 256 });
    await f.sandbox.up();
    const first = await containerId(f);
    const hashBefore = (await f.engine.inspectContainer(first!))!.labels['dev.clawdock.config-hash'];

    const running = f.sandbox.exec({ argv: ['sh', '-c', 'sleep 2; echo finished'], timeoutMs: 10_000 });
    await waitFor('the command to run', async () => (await f.sandbox.status()).runningCommands, (n) => n > 0);
    f.sandbox.updateSettings(testSettings({ 'sandbox.memoryMb': 320 }));
    // A command arriving meanwhile runs in the old container; nothing is recreated under the running one.
    const during = await f.sh('echo during');
    assert.equal(during.stdout, 'during\n');
    assert.equal(await containerId(f), first, 'the container was replaced while a command ran');
    assert.equal((await f.sandbox.status()).upToDate, false);
    const r = await running;
    assert.equal(r.stdout, 'finished\n', 'the running command was cut short');

    const after_ = await f.sh('cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max');
    const second = await containerId(f);
    assert.ok(second && second !== first, 'the container was not recreated once idle');
    assert.equal(Number(after_.stdout.trim()), 320 * 1024 * 1024);
    const info = (await f.engine.inspectContainer(second))!;
    assert.notEqual(info.labels['dev.clawdock.config-hash'], hashBefore);
    assert.equal((await f.sandbox.status()).upToDate, true);
    assert.equal(await f.engine.inspectContainer(first!), null, 'the old container was left behind');
  });

  it('does not recreate the container for a setting that needs no restart', async () => {
    const f = open();
    await f.sandbox.up();
    const first = await containerId(f);
    f.sandbox.updateSettings(testSettings({ 'sandbox.outputCapBytes': 4096, 'sandbox.defaultTimeoutSeconds': 30 }));
    const r = await f.sh('head -c 10000 /dev/zero');
    assert.equal(r.truncated, true);
    assert.equal(r.stdout.length, 4096);
    assert.equal(await containerId(f), first);
  });

  it('removes the container and its placeholders on down, leaving the workspace', async () => {
    const f = open({}, { 'keep.txt': 'keep\n' });
    await f.sandbox.up();
    assert.ok(await containerId(f));
    await f.sandbox.down();
    assert.equal(await containerId(f), null);
    assert.equal((await f.sandbox.status()).state, 'absent');
    assert.deepEqual(readdirSync(f.workspace).sort(), ['keep.txt'], 'placeholder folders were left in the workspace');
    // And the next call brings it back.
    assert.equal((await f.sh('cat keep.txt')).stdout, 'keep\n');
  });

  it('prunes stopped containers with prune(0) and leaves running ones', async () => {
    const stopped = open();
    const running = open();
    await Promise.all([stopped.sandbox.up(), running.sandbox.up()]);
    await stopped.sandbox.stop();
    assert.equal((await stopped.sandbox.status()).state, 'stopped');
    const pruned = await pruneSandboxes(scopedEngine(stopped.engine), 0);
    assert.ok(pruned.some((p) => p.name === stopped.sandbox.workspace.containerName), `prune did not report ${stopped.sandbox.workspace.containerName}`);
    assert.ok(!pruned.some((p) => p.name === running.sandbox.workspace.containerName));
    assert.equal(await containerId(stopped), null);
    assert.ok(await containerId(running));
  });

  it('prunes a stopped container whose workspace folder is gone, however recent', async () => {
    const ws = makeWorkspace();
    const f = open({}, {}, ws);
    await f.sandbox.up();
    await f.sandbox.stop();
    rmSync(ws, { recursive: true, force: true });
    const pruned = await pruneSandboxes(scopedEngine(f.engine), 365);
    const mine = pruned.find((p) => p.name === f.sandbox.workspace.containerName);
    assert.ok(mine, 'the orphaned container was not pruned');
    assert.match(mine.reason, /gone/);
  });

  it('recovers a killed container at the next exec', async () => {
    const f = open({}, { 'a.txt': 'a\n' });
    await f.sandbox.up();
    const id = (await containerId(f))!;
    await new Docker().getContainer(id).kill();
    const info = await f.engine.inspectContainer(id);
    assert.equal(info?.running, false);
    // The first call after the kill may report the loss, but never hangs; the next one works.
    let r;
    try {
      r = await f.sh('cat a.txt');
    } catch (err) {
      assert.ok(err instanceof SandboxError, `expected SandboxError, got ${String(err)}`);
      r = await f.sh('cat a.txt');
    }
    assert.equal(r.stdout, 'a\n');
    assert.equal((await f.sandbox.status()).state, 'running');
  });

  it('recovers a container killed while a command runs, reporting the loss clearly', async () => {
    const f = open();
    await f.sandbox.up();
    const id = (await containerId(f))!;
    // Settled into a value at once, so the rejection is never unhandled while we kill.
    const running = f.sandbox.exec({ argv: ['sleep', '10'], timeoutMs: 20_000 }).then(
      (r) => Promise.reject(new Error(`the command finished (exit ${r.exitCode}) although its container was killed`)),
      (err: unknown) => err,
    );
    await waitFor('the command to run', async () => (await f.sandbox.status()).runningCommands, (n) => n > 0);
    await new Docker().getContainer(id).kill();
    const outcome = await running;
    assert.ok(outcome instanceof Error);
    await assert.rejects(Promise.reject(outcome), (err: unknown) => {
      assert.ok(err instanceof SandboxError, `expected SandboxError, got ${String(err)}`);
      assert.match(err.message, /stopped|lost/);
      return true;
    });
    assert.equal((await f.sh('echo back')).stdout, 'back\n');
  });

  it('recovers a container removed behind its back', async () => {
    const f = open();
    await f.sandbox.up();
    await f.engine.removeContainer((await containerId(f))!);
    let r;
    try {
      r = await f.sh('echo again');
    } catch (err) {
      assert.ok(err instanceof SandboxError, `expected SandboxError, got ${String(err)}`);
      r = await f.sh('echo again');
    }
    assert.equal(r.stdout, 'again\n');
  });

  it('recovers a stopped container (engine stop, as after idling) at the next exec', async () => {
    const f = open();
    await f.sandbox.up();
    const id = (await containerId(f))!;
    await f.engine.stopContainer(id, 1);
    let r;
    try {
      r = await f.sh('echo up');
    } catch (err) {
      assert.ok(err instanceof SandboxError, `expected SandboxError, got ${String(err)}`);
      r = await f.sh('echo up');
    }
    assert.equal(r.stdout, 'up\n');
    assert.equal(await containerId(f), id, 'a stopped container is restarted, not recreated');
  });
});
