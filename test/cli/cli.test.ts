// The `clawdock` CLI contract of issue 2, through the bundled dist/cli.js as a user runs it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEngine } from '../helpers/engine-gate';
import { makeWorkspace } from '../helpers/sandbox-fixture';

const CLI = join(process.cwd(), 'dist', 'cli.js');
let home: string;
let workspace: string;

function clawdock(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    input: options.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH, CLAWDOCK_HOME: home, ...options.env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  assert.equal(build.status, 0, 'the bundle builds');
  home = mkdtempSync(join(tmpdir(), 'clawdock-home-'));
  workspace = makeWorkspace({ 'hello.txt': 'hi\n' });
});

after(() => {
  clawdock(['sandbox', 'down', '--workspace', workspace]);
  rmSync(workspace, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

describe('the clawdock command without an engine', () => {
  it('prints usage and exits 2 on bad arguments', () => {
    for (const args of [['sandbox', 'frobnicate'], ['sandbox', 'exec', '--timeout', 'soon', '--', 'true'], ['sandbox', 'exec'], ['nonsense'], ['sandbox', 'up', '--bogus']]) {
      const r = clawdock(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /usage:/);
    }
  });

  it('names the engine address it tried and how to fix it, exit 3, when the engine does not answer', () => {
    const r = clawdock(['sandbox', 'up', '--workspace', workspace], { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
    assert.equal(r.code, 3);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /unix:\/\/\/nonexistent\/docker\.sock/);
    assert.match(r.stderr, /DOCKER_HOST|dockerHost/);
  });

  it('checks a tool call against the policy and prints the decision as JSON', () => {
    const r = clawdock(['policy', 'check', '--call', JSON.stringify({ tool: 'run_command', args: { command: 'ls && rm -rf /' } })]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.decision, 'deny');
    assert.deepEqual(out.subcommands, [['ls'], ['rm', '-rf', '/']]);
  });
});

describe('the clawdock command against the engine', requireEngine(), () => {
  it('brings the sandbox up and reports its status as JSON', () => {
    const up = clawdock(['sandbox', 'up', '--workspace', workspace, '--json']);
    assert.equal(up.code, 0, up.stderr);
    assert.equal(JSON.parse(up.stdout).state, 'running');
    const status = clawdock(['sandbox', 'status', '--workspace', workspace, '--json']);
    assert.equal(JSON.parse(status.stdout).state, 'running');
  });

  it('streams a command and exits with its code', () => {
    const r = clawdock(['sandbox', 'exec', '--workspace', workspace, '--', 'sh', '-c', 'cat hello.txt; echo oops >&2; exit 7']);
    assert.equal(r.code, 7);
    assert.equal(r.stdout, 'hi\n');
    assert.equal(r.stderr, 'oops\n');
  });

  it('exits 124 and says so when a command outlives --timeout', () => {
    const r = clawdock(['sandbox', 'exec', '--workspace', workspace, '--timeout', '0.5', '--', 'sleep', '30']);
    assert.equal(r.code, 124);
    assert.match(r.stderr, /timed out/);
  });

  it('answers one JSON line per request line and keeps going after a bad one', () => {
    const input = [
      JSON.stringify({ id: 'a', argv: ['echo', 'one'] }),
      'not json',
      JSON.stringify({ id: 'b', argv: [] }),
      JSON.stringify({ id: 'c', argv: ['sh', '-c', 'pwd'], cwd: '.' }),
      JSON.stringify({ id: 'd', argv: ['sleep', '10'], timeoutMs: 300 }),
    ].join('\n');
    const r = clawdock(['sandbox', 'exec', '--json-lines', '--workspace', workspace], { input });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 5);
    assert.deepEqual([lines[0].id, lines[0].exitCode, lines[0].stdout], ['a', 0, 'one\n']);
    assert.match(lines[1].error, /not JSON/);
    assert.match(lines[2].error, /argv/);
    assert.equal(lines[3].stdout, '/workspace\n');
    assert.equal(lines[4].timedOut, true);
    for (const key of ['id', 'exitCode', 'stdout', 'stderr', 'timedOut', 'truncated', 'durationMs']) assert.ok(key in lines[0], key);
  });

  it('records each command in the audit log with surface cli, secrets masked, and verifies the chain', () => {
    const r = clawdock(['sandbox', 'exec', '--workspace', workspace, '--', 'sh', '-c', 'echo token=ghp_abcdefghijklmnopqrstuvwxyz0123456789']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /ghp_abcdefghijklmnopqrstuvwxyz0123456789/);
    const tail = clawdock(['audit', 'tail', '--workspace', workspace, '--lines', '2']);
    assert.match(tail.stdout, /\[owner\/cli\] exec starting sh -c/);
    assert.match(tail.stdout, /\[owner\/cli\] exec sh -c .* → exit 0/);
    assert.doesNotMatch(tail.stdout, /ghp_abcdefghijklmnopqrstuvwxyz0123456789/);
    const verify = clawdock(['audit', 'verify', '--workspace', workspace]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /chain holds/);
  });

  it('finds an edited audit line and exits 1', () => {
    const dir = join(home, 'audit');
    const [key] = readdirSync(dir);
    const [day] = readdirSync(join(dir, key!));
    const file = join(dir, key!, day!);
    const lines = readFileSync(file, 'utf8').split('\n');
    const original = readFileSync(file);
    try {
      const index = lines.findIndex((l) => l.includes('"exitCode":0'));
      assert.ok(index >= 0, 'an exec line to edit');
      lines[index] = lines[index]!.replace('"exitCode":0', '"exitCode":1');
      writeFileSync(file, lines.join('\n'));
      const verify = clawdock(['audit', 'verify', '--workspace', workspace]);
      assert.equal(verify.code, 1);
      assert.match(verify.stdout, new RegExp(`BROKEN at .*:${index + 1} — edited`));
    } finally {
      writeFileSync(file, original);
    }
  });

  it('stops a running command and leaves the container paused with stop, then resumes', async () => {
    const running = spawn(process.execPath, [CLI, 'sandbox', 'exec', '--workspace', workspace, '--', 'sh', '-c', 'echo started; sleep 60; echo finished'], { env: { PATH: process.env.PATH, CLAWDOCK_HOME: home } });
    const exited = new Promise<number | null>((done) => running.once('exit', done));
    // Stop once the command runs (its first line came back), not after a guessed while.
    await new Promise<void>((started, failed) => {
      let out = '';
      running.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()).includes('started') && started());
      running.once('exit', (code) => failed(new Error(`the command ended (exit ${code}) before it printed "started"`)));
    });
    const stop = clawdock(['stop', '--workspace', workspace]);
    assert.equal(stop.code, 0, stop.stderr);
    assert.match(stop.stdout, /[1-9]\d* command\(s\) killed, sandbox frozen/);
    assert.notEqual(await exited, 0);
    assert.equal(JSON.parse(clawdock(['sandbox', 'status', '--workspace', workspace, '--json']).stdout).state, 'paused');
    assert.match(clawdock(['audit', 'tail', '--workspace', workspace, '--lines', '1']).stdout, /KILL SWITCH stop \([1-9]\d* commands killed, 0 approvals rejected, container paused\)/);
    assert.equal(clawdock(['resume', '--workspace', workspace]).code, 0);
    assert.equal(clawdock(['sandbox', 'exec', '--workspace', workspace, '--', 'true']).code, 0);
  });

  it('reports the security audit as JSON with the engine finding', () => {
    const r = clawdock(['security', 'audit', '--workspace', workspace, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.ok(Array.isArray(report.findings));
    assert.equal(report.counts.critical, 0);
  });

  it('reports a loosened setting as critical and tightens it with --fix', () => {
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ 'clawdock.sandbox.network': 'bridge', 'clawdock.sandbox.dangerouslyAllowNetwork': true }));
    try {
      const r = clawdock(['security', 'audit', '--workspace', workspace]);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stdout, /CRITICAL/);
      const fixed = clawdock(['security', 'audit', '--workspace', workspace, '--fix']);
      assert.match(fixed.stdout, /fixed: clawdock\.sandbox\./);
      assert.equal(clawdock(['security', 'audit', '--workspace', workspace]).code, 0);
    } finally {
      rmSync(join(home, 'settings.json'), { force: true });
    }
  });

  it('removes the container with down', () => {
    const r = clawdock(['sandbox', 'down', '--workspace', workspace]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(clawdock(['sandbox', 'status', '--workspace', workspace, '--json']).stdout).state, 'absent');
  });
});
