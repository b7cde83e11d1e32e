// Resource limits from inside: a fork bomb, a memory hog, a command that
// outlives its timeout (with children trying to outlive it too), and a flood
// of output. Each must be contained and the sandbox must stay usable.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { requireEngine } from '../helpers/engine-gate';
import { openSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { waitFor } from '../helpers/wait-for';

const MB = 1024 * 1024;
const OUTPUT_CAP = 1 * MB;

/** Processes in the container still carrying a command marker, other than the probe itself. */
const STRAY_SCAN = [
  'self=$$',
  'for f in /proc/[0-9]*/environ; do',
  '  p=${f#/proc/}; p=${p%/environ}',
  '  [ "$p" = "$self" ] && continue',
  '  if grep -qa CLAWDOCK_RUN= "$f" 2>/dev/null; then grep -qa "CLAWDOCK_RUN=$CLAWDOCK_RUN" "$f" 2>/dev/null || echo "$p $(tr "\\0" " " < /proc/$p/cmdline)"; fi',
  'done',
].join('\n');

describe('a sandbox under resource abuse', requireEngine(), () => {
  let f: SandboxFixture;

  before(async () => {
    f = openSandbox({ 'sandbox.memoryMb': 256, 'sandbox.pidsLimit': 128, 'sandbox.outputCapBytes': OUTPUT_CAP });
    await f.sandbox.up();
  });
  after(async () => f?.cleanup());

  async function assertUsable(): Promise<void> {
    const r = await f.sh('echo alive', 10_000);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, 'alive\n');
  }

  it('stops a fork bomb at the pids limit and stays usable', async () => {
    const r = await f.sandbox.exec({ argv: ['bash', '-c', 'timeout -s KILL 4 bash -c \':(){ :|:& };:\'; echo bomb-over'], timeoutMs: 20_000 });
    assert.equal(r.timedOut, false);
    // The kernel refused forks once the limit was reached (cgroup v1 or v2 names).
    const events = await f.sh('cat /sys/fs/cgroup/pids/pids.events 2>/dev/null || cat /sys/fs/cgroup/pids.events');
    const max = /max (\d+)/.exec(events.stdout);
    assert.ok((max && Number(max[1]) > 0) || /Resource temporarily unavailable|retry/.test(r.stderr), `no sign the pids limit was hit: ${events.stdout} ${r.stderr.slice(0, 300)}`);
    await assertUsable();
    const count = await f.sh('ls -d /proc/[0-9]* | wc -l');
    assert.ok(Number(count.stdout) < 20, `${count.stdout.trim()} processes left after the bomb`);
  });

  it('kills a memory hog at the memory limit and reports it', async () => {
    // Bounded: at most 1 GiB is asked for; the limit is 256 MiB.
    const hog = 'b = []\nfor i in range(64):\n    b.append(bytearray(16 * 1024 * 1024))\nprint("SURVIVED")';
    const r = await f.sandbox.exec({ argv: ['python3', '-c', hog], timeoutMs: 30_000 });
    assert.doesNotMatch(r.stdout, /SURVIVED/);
    assert.equal(r.exitCode, 137);
    assert.equal(r.oomKilled, true, `the result does not say the command ran out of memory: ${JSON.stringify({ ...r, stdout: undefined })}`);
    assert.equal(r.timedOut, false);
    await assertUsable();
  });

  /**
   * Runs `children` then `sleep 30` under a 1 s timeout; returns the markers the
   * children wrote once none of them is left to write one (rather than after a guessed while).
   */
  async function runPastTimeout(children: string[], markers: string[]): Promise<string[]> {
    const r = await f.sh([...children, 'sleep 30'].join('\n'), 1000);
    assert.equal(r.timedOut, true);
    assert.notEqual(r.exitCode, 0);
    await waitFor('every child of the timed-out command to be gone', async () => (await f.sh("ps -eo args= | grep -E 'late >|^sleep [23]' | grep -v grep || true")).stdout, (left) => left.trim() === '');
    return markers.filter((m) => existsSync(join(f.workspace, m)));
  }

  it('kills a command past its timeout together with its children, in its group, a new session or under nohup', async () => {
    const markers = ['in-group', 'new-session', 'nohup'];
    const written = await runPastTimeout([
      `(sleep 2; echo late > /workspace/${markers[0]}) &`,
      `setsid sh -c 'sleep 2; echo late > /workspace/${markers[1]}' &`,
      `nohup sh -c 'sleep 2; echo late > /workspace/${markers[2]}' >/dev/null 2>&1 &`,
    ], markers);
    assert.deepEqual(written, [], `children outlived the timeout and wrote ${written.join(', ')}`);
    const strays = await f.sh(STRAY_SCAN);
    assert.equal(strays.stdout, '', `processes of the timed-out command remain:\n${strays.stdout}`);
    const sleeps = await f.sh("ps -eo args= | grep -c '^sleep [23]' || true");
    assert.equal(sleeps.stdout.trim(), '0', 'sleep processes of the timed-out command remain');
  });

  it('kills a child of a timed-out command even when it left the session and dropped its environment', async () => {
    // `setsid env -i` escapes both the process group and the CLAWDOCK_RUN marker the sweep looks for.
    const written = await runPastTimeout([`setsid env -i /bin/sh -c 'sleep 2; echo late > /workspace/escaped' &`], ['escaped']);
    assert.deepEqual(written, [], 'a child outlived the timeout and wrote its marker');
    const sleeps = await f.sh("ps -eo args= | grep -c '^sleep [23]' || true");
    assert.equal(sleeps.stdout.trim(), '0', 'sleep processes of the timed-out command remain');
  });

  it('caps 100 MB of output at the configured size without holding it in memory', async () => {
    if (global.gc) global.gc();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    let streamed = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      const r = await f.sandbox.exec(
        { argv: ['sh', '-c', 'head -c 100000000 /dev/zero; echo done >&2'], timeoutMs: 60_000 },
        { onStdout: (chunk) => (streamed += chunk.length) },
      );
      assert.equal(r.exitCode, 0, r.stderr);
      assert.equal(r.truncated, true);
      assert.equal(r.timedOut, false);
      assert.equal(Buffer.byteLength(r.stdout), OUTPUT_CAP);
      assert.equal(streamed, OUTPUT_CAP, 'the hooks saw more than the cap');
      assert.equal(r.stderr, 'done\n');
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    assert.ok(peak - rssBefore < 48 * MB, `host RSS grew by ${Math.round((peak - rssBefore) / MB)} MB for 100 MB of output`);
    await assertUsable();
  });
});
