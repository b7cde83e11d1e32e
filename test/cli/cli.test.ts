// The `clawdock` CLI contract of issue 2, through the bundled dist/cli.js as a user runs it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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

  it('removes the container with down', () => {
    const r = clawdock(['sandbox', 'down', '--workspace', workspace]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(clawdock(['sandbox', 'status', '--workspace', workspace, '--json']).stdout).state, 'absent');
  });
});
