// The exec contract through one warm sandbox: streaming, exit codes, errors
// that say what went wrong, cwd rules, cancellation, concurrency; and a
// read-only workspace.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ClawdockError, PathEscapeError, SandboxError } from '../../src/core/errors';
import { requireEngine } from '../helpers/engine-gate';
import { snapshotTree } from '../helpers/host-snapshot';
import { openSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { waitFor } from '../helpers/wait-for';

describe('exec through a warm sandbox', requireEngine(), () => {
  let f: SandboxFixture;

  /** The command lines of every process in the container (from /proc: the image has no ps). */
  async function commandLines(): Promise<string[]> {
    const r = await f.sandbox.exec({ argv: ['sh', '-c', 'for p in /proc/[0-9]*; do tr "\\0" " " < $p/cmdline 2>/dev/null; echo; done'] });
    return r.stdout.split('\n').filter(Boolean);
  }

  before(async () => {
    f = openSandbox({}, { 'src/lib/a.txt': 'a\n', 'README.md': 'readme\n' });
    await f.sandbox.up();
  });
  after(async () => f?.cleanup());

  it('streams stdout and stderr through the hooks as they are written', async () => {
    const seen: Array<{ at: number; stream: 'out' | 'err'; text: string }> = [];
    const started = Date.now();
    const r = await f.sandbox.exec(
      { argv: ['sh', '-c', 'for i in 1 2 3; do echo out$i; echo err$i >&2; sleep 0.4; done'], timeoutMs: 10_000 },
      {
        onStdout: (c) => seen.push({ at: Date.now(), stream: 'out', text: c.toString() }),
        onStderr: (c) => seen.push({ at: Date.now(), stream: 'err', text: c.toString() }),
      },
    );
    const ended = Date.now();
    assert.equal(r.exitCode, 0);
    assert.equal(r.stdout, 'out1\nout2\nout3\n');
    assert.equal(r.stderr, 'err1\nerr2\nerr3\n');
    const first = seen.find((s) => s.stream === 'out' && s.text.includes('out1'));
    const firstErr = seen.find((s) => s.stream === 'err' && s.text.includes('err1'));
    assert.ok(first && firstErr, 'both streams reached the hooks');
    assert.ok(ended - first.at >= 600, `out1 arrived ${ended - first.at} ms before the end: not streamed`);
    assert.ok(ended - firstErr.at >= 600, `err1 arrived ${ended - firstErr.at} ms before the end: not streamed`);
    assert.equal(seen.filter((s) => s.stream === 'out').map((s) => s.text).join(''), r.stdout);
    // The command sleeps 3 × 0.4 s; its duration is measured within the call (no upper bound on a busy machine's speed).
    assert.ok(r.durationMs >= 1100 && r.durationMs <= ended - started + 1, `durationMs ${r.durationMs}, the call took ${ended - started} ms`);
  });

  it('returns the exit code of the program and the signal that killed it', async () => {
    assert.equal((await f.sandbox.exec({ argv: ['true'] })).exitCode, 0);
    assert.equal((await f.sandbox.exec({ argv: ['false'] })).exitCode, 1);
    assert.equal((await f.sh('exit 7')).exitCode, 7);
    const killed = await f.sh('kill -TERM $$');
    assert.equal(killed.signal, 15);
    assert.equal(killed.exitCode, 143);
    assert.equal(killed.timedOut, false);
    assert.equal(killed.oomKilled, false);
  });

  it('runs argv without a shell, so metacharacters stay literal', async () => {
    const r = await f.sandbox.exec({ argv: ['echo', '$HOME; rm -rf / && `id`', '*'] });
    assert.equal(r.stdout, '$HOME; rm -rf / && `id` *\n');
  });

  it('refuses a program that does not exist with a SandboxError naming it, and keeps working', async () => {
    await assert.rejects(f.sandbox.exec({ argv: ['no-such-program-clawdock'] }), (err: unknown) => {
      assert.ok(err instanceof SandboxError, `expected SandboxError, got ${String(err)}`);
      assert.match(err.message, /could not start/);
      assert.match(err.message, /no-such-program-clawdock/);
      return true;
    });
    await assert.rejects(f.sandbox.exec({ argv: [] }), SandboxError);
    await assert.rejects(f.sandbox.exec({ argv: ['echo', 'a\0b'] }), SandboxError);
    assert.equal((await f.sandbox.exec({ argv: ['echo', 'still'] })).stdout, 'still\n');
  });

  it('gives stdin as /dev/null, so a reader ends at once', async () => {
    const r = await f.sandbox.exec({ argv: ['cat'], timeoutMs: 3000 });
    assert.equal(r.timedOut, false);
    assert.equal(r.stdout, '');
  });

  it('passes the request env on top of the base env, with a home folder of the command\'s own', async () => {
    const r = await f.sandbox.exec({ argv: ['sh', '-c', 'echo "$GREETING $HOME $CLAWDOCK"'], env: { GREETING: 'hi' } });
    assert.match(r.stdout, /^hi \/home\/sandbox\/homes\/h-\w+ 1\n$/);
  });

  it('runs in /workspace by default, in a relative or absolute cwd under it, and refuses ../', async () => {
    const pwd = async (cwd?: string) => (await f.sandbox.exec(cwd === undefined ? { argv: ['pwd'] } : { argv: ['pwd'], cwd })).stdout.trim();
    assert.equal(await pwd(), '/workspace');
    assert.equal(await pwd('.'), '/workspace');
    assert.equal(await pwd('src/lib'), '/workspace/src/lib');
    assert.equal(await pwd('./src/../src/lib/'), '/workspace/src/lib');
    assert.equal(await pwd('/workspace/src'), '/workspace/src');
    for (const bad of ['../', '..', 'src/../../etc', '/etc', '/workspace/../etc', '/', '/workspace2']) {
      await assert.rejects(f.sandbox.exec({ argv: ['pwd'], cwd: bad }), (err: unknown) => {
        assert.ok(err instanceof PathEscapeError, `cwd ${bad}: expected PathEscapeError, got ${String(err)}`);
        return true;
      });
    }
  });

  it('says clearly when the cwd does not exist', async () => {
    await assert.rejects(f.sandbox.exec({ argv: ['pwd'], cwd: 'no/such/dir' }), (err: unknown) => {
      assert.ok(err instanceof ClawdockError, `expected a ClawdockError, got ${String(err)}`);
      assert.match(err.message, /no\/such\/dir|No such file/);
      return true;
    });
  });

  it('kills a cancelled command with its children and says it was cancelled', async () => {
    const controller = new AbortController();
    const running = f.sandbox.exec(
      { argv: ['sh', '-c', '(sleep 7.5; echo late > /workspace/cancel-marker) & echo started; sleep 30.5'], timeoutMs: 60_000 },
      { signal: controller.signal, onStdout: () => controller.abort() },
    );
    const r = await running;
    assert.equal(r.cancelled, true);
    assert.equal(r.timedOut, false);
    assert.notEqual(r.exitCode, 0);
    // No process of it is left (so the marker can never be written), rather than waiting a while and looking.
    const left = await waitFor('the cancelled command\'s processes to go', () => commandLines(), (lines) => !lines.some((l) => /sleep (7|30)\.5/.test(l)));
    assert.ok(!left.some((l) => l.includes('cancel-marker')));
    assert.ok(!existsSync(join(f.workspace, 'cancel-marker')), 'a child of the cancelled command kept running');
  });

  it('does not run a command whose signal was aborted before it started', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await f.sandbox.exec({ argv: ['sh', '-c', 'echo ran > /workspace/pre-aborted; sleep 3'], timeoutMs: 10_000 }, { signal: controller.signal });
    assert.equal(r.cancelled, true);
    assert.ok(!existsSync(join(f.workspace, 'pre-aborted')), 'the pre-aborted command ran and did its work');
  });

  it('kills a command cancelled right after it was sent, before it had started', async () => {
    // The abort reaches the executor before the command is registered there. A race,
    // so it is tried a few times: one lost cancel is a failure.
    for (let i = 0; i < 5; i++) {
      const controller = new AbortController();
      const running = f.sandbox.exec({ argv: ['sh', '-c', `sleep 1.5; echo ran > /workspace/early-abort-${i}`], timeoutMs: 10_000 }, { signal: controller.signal });
      controller.abort();
      const r = await running;
      assert.equal(r.cancelled, true);
      assert.notEqual(r.exitCode, 0, `attempt ${i}: the cancelled command ran to its end (exit ${r.exitCode}, ${Math.round(r.durationMs)} ms)`);
      assert.ok(!existsSync(join(f.workspace, `early-abort-${i}`)), `attempt ${i}: the cancelled command did its work`);
    }
  });

  it('keeps the output of concurrent commands apart', async () => {
    const n = 4;
    const runs = Array.from({ length: n }, (_, i) =>
      f.sandbox.exec({ argv: ['sh', '-c', `for k in $(seq 1 200); do echo "job${i} line$k"; echo "job${i} err$k" >&2; done`], timeoutMs: 20_000 }),
    );
    const results = await Promise.all(runs);
    results.forEach((r, i) => {
      assert.equal(r.exitCode, 0);
      const lines = r.stdout.trim().split('\n');
      assert.equal(lines.length, 200);
      assert.ok(lines.every((l, k) => l === `job${i} line${k + 1}`), `job${i}'s stdout holds foreign or reordered lines`);
      assert.ok(r.stderr.trim().split('\n').every((l) => l.startsWith(`job${i} err`)), `job${i}'s stderr holds foreign lines`);
    });
  });

  it('runs commands while another one is still running', async () => {
    const controller = new AbortController();
    let longEnded = false;
    const long = f.sandbox.exec({ argv: ['sleep', '60'], timeoutMs: 120_000 }, { signal: controller.signal }).finally(() => (longEnded = true));
    const quick = await f.sandbox.exec({ argv: ['echo', 'quick'] });
    assert.equal(quick.stdout, 'quick\n');
    assert.equal(longEnded, false, 'a short command waited for a long one');
    controller.abort();
    assert.equal((await long).cancelled, true);
  });

  it('writes workspace files into its shadow layer, owned by the workspace owner, never into the folder', async () => {
    await f.sh('printf "from the sandbox" > out.txt');
    assert.equal((await f.sh('cat out.txt')).stdout, 'from the sandbox');
    assert.equal(existsSync(join(f.workspace, 'out.txt')), false);
    const layout = await f.sandbox.shadowLayout();
    assert.ok(layout);
    assert.equal(readFileSync(join(layout.upper, 'out.txt'), 'utf8'), 'from the sandbox');
    assert.equal(statSync(join(layout.upper, 'out.txt')).uid, statSync(f.workspace).uid);
  });
});

describe('a read-only workspace', requireEngine(), () => {
  let f: SandboxFixture;
  let snap: string[];

  before(async () => {
    f = openSandbox({ 'sandbox.workspaceAccess': 'ro' }, { 'src/a.txt': 'a\n', '.vscode/settings.json': '{}\n' });
    await f.sandbox.up();
    snap = snapshotTree(f.workspace);
  });
  after(async () => f?.cleanup());

  it('can be read', async () => {
    const r = await f.sh('cat src/a.txt; ls -A');
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /^a\n/);
  });

  it('cannot be written, renamed into or removed from, and the host sees no change', async () => {
    for (const script of ['echo x > new.txt', 'echo x >> src/a.txt', 'rm src/a.txt', 'mv src src2', 'mkdir d', 'git init -q .', 'mkdir -p .devcontainer', 'echo x > .vscode/settings.json', 'touch -d 2000-01-01 src/a.txt']) {
      const r = await f.sh(script);
      assert.notEqual(r.exitCode, 0, `\`${script}\` succeeded in a read-only workspace`);
    }
    assert.deepEqual(snapshotTree(f.workspace), snap);
  });

  it('is shown as ro in status', async () => {
    assert.equal((await f.sandbox.status()).access, 'ro');
  });
});
