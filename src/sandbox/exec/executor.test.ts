// The resident executor (executor.py) run on the host against a temporary
// root, through the same runner the sandbox uses: its file operations, its
// fresh home per command, and a lint of the file itself.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../core/logger';
import type { AttachedProcess, ContainerEngine } from '../engine/engine';
import { findExecutorScript } from './executor-script';
import { PersistentRunner } from './persistent-runner';

const PYTHON = '/usr/bin/python3';

/** Starts the executor as a local process: the engine's exec is the one part stood in for. */
function localEngine(env: Record<string, string>): ContainerEngine {
  return {
    exec: async (_id: string, options: { argv: readonly string[] }): Promise<AttachedProcess> => {
      const [, ...args] = options.argv;
      const child = spawn(PYTHON, args, { env: { ...env, PATH: '/usr/bin:/bin' }, stdio: ['pipe', 'pipe', 'pipe'] });
      return {
        stdin: child.stdin, stdout: child.stdout, stderr: child.stderr,
        wait: () => new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1))),
        // Like the engine's stream closing: the executor sees the end of its input and exits by itself.
        close: () => {
          child.stdin.end();
          setTimeout(() => child.kill('SIGKILL'), 5000).unref();
        },
      };
    },
  } as unknown as ContainerEngine;
}

describe('the resident executor (host run)', () => {
  let root: string;
  let homes: string;
  let run: string;
  let runner: PersistentRunner;

  before(async () => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'clawdock-exec-root-')));
    homes = mkdtempSync(join(tmpdir(), 'clawdock-exec-homes-'));
    run = mkdtempSync(join(tmpdir(), 'clawdock-exec-run-'));
    writeFileSync(join(root, 'a.txt'), 'hello\n');
    mkdirSync(join(root, 'sub'));
    symlinkSync('/etc', join(root, 'out'));
    runner = await PersistentRunner.start(localEngine({ CLAWDOCK_EXECUTOR_ROOT: root, CLAWDOCK_EXECUTOR_HOMES: homes, CLAWDOCK_EXECUTOR_HEARTBEAT: join(run, 'heartbeat') }), 'local', [], silentLogger);
  });
  after(() => {
    runner?.dispose();
    rmSync(root, { recursive: true, force: true });
    rmSync(homes, { recursive: true, force: true });
    rmSync(run, { recursive: true, force: true });
  });

  it('registers itself for the container\'s health check while it serves, and clears files of executors that died', async () => {
    writeFileSync(join(run, 'executor-999999'), '');
    const second = await PersistentRunner.start(localEngine({ CLAWDOCK_EXECUTOR_ROOT: root, CLAWDOCK_EXECUTOR_HOMES: homes, CLAWDOCK_EXECUTOR_HEARTBEAT: join(run, 'heartbeat') }), 'local', [], silentLogger);
    const names = () => spawnSync('ls', [run], { encoding: 'utf8' }).stdout.split('\n').filter((n) => n.startsWith('executor-'));
    assert.equal(names().length, 2, names().join(', '));
    assert.ok(!names().includes('executor-999999'));
    second.dispose();
    const deadline = Date.now() + 5000;
    while (names().length > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(names().length, 1);
  });

  it('is clean under pyflakes', { skip: spawnSync(PYTHON, ['-m', 'pyflakes', '--version']).status === 0 ? false : process.env.CI === 'true' ? false : 'python3-pyflakes is not installed' }, () => {
    const r = spawnSync(PYTHON, ['-m', 'pyflakes', findExecutorScript()], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}` || 'python3-pyflakes is missing: apt-get install python3-pyflakes');
  });

  it('gives each command a fresh, empty home and removes it afterwards', async () => {
    const first = await runner.run({ argv: ['/bin/sh', '-c', 'echo "$HOME"; touch "$HOME/.bash_profile"; ls -A "$HOME"'], cwd: root, env: {}, timeoutMs: 5000, capBytes: 65536 }, {});
    const [home, planted] = first.stdout.trim().split('\n');
    assert.ok(home?.startsWith(`${homes}/h-`), first.stdout);
    assert.equal(planted, '.bash_profile');
    const second = await runner.run({ argv: ['/bin/sh', '-c', 'echo "$HOME"; ls -A "$HOME" | wc -l'], cwd: root, env: {}, timeoutMs: 5000, capBytes: 65536 }, {});
    const [home2, count] = second.stdout.trim().split('\n');
    assert.notEqual(home2, home);
    assert.equal(count, '0');
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(spawnSync('ls', ['-A', homes], { encoding: 'utf8' }).stdout.trim(), '');
  });

  it('reads, writes (atomically, refusing a stale hash), lists and removes inside the root', async () => {
    const read = (await runner.fs({ action: 'read', path: `${root}/a.txt` })) as { data: string; sha256: string; size: number };
    assert.equal(Buffer.from(read.data, 'base64').toString(), 'hello\n');
    await assert.rejects(runner.fs({ action: 'write', path: `${root}/a.txt`, data: Buffer.from('x').toString('base64'), expectedSha256: '0'.repeat(64) }), /changed since it was read/);
    const w = (await runner.fs({ action: 'write', path: `${root}/sub/new.txt`, data: Buffer.from('new').toString('base64'), createParents: true })) as { created: boolean; beforeSha256: string | null };
    assert.equal(w.created, true);
    assert.equal(w.beforeSha256, null);
    assert.equal(readFileSync(join(root, 'sub/new.txt'), 'utf8'), 'new');
    const list = (await runner.fs({ action: 'list', path: root, recursive: true })) as { entries: { path: string; type: string }[] };
    assert.deepEqual(list.entries.map((e) => `${e.type} ${e.path}`), ['file a.txt', 'symlink out', 'dir sub', 'file sub/new.txt']);
    await runner.fs({ action: 'remove', path: `${root}/sub`, recursive: true });
    assert.deepEqual((await runner.fs({ action: 'lstat', paths: [`${root}/sub`, `${root}/a.txt`] }) as unknown[])[0], null);
  });

  it('refuses paths outside the root, as given or through a link', async () => {
    await assert.rejects(runner.fs({ action: 'read', path: '/etc/passwd' }), /not a \/workspace path|not a .* path/);
    await assert.rejects(runner.fs({ action: 'read', path: `${root}/out/passwd` }), /leads outside/);
    await assert.rejects(runner.fs({ action: 'write', path: `${root}/out/evil`, data: '' }), /leads outside/);
    await assert.rejects(runner.fs({ action: 'read', path: `${root}/missing.txt` }), (err: Error) => (err.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT');
    await assert.rejects(runner.fs({ action: 'frobnicate' as 'read' }), /unknown file operation/);
  });
});
