import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runPolicyCli } from './policy-cli';

let home: string;
let workspace: string;

before(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'clawdock-home-'));
  workspace = await mkdtemp(path.join(tmpdir(), 'clawdock-ws-'));
  await mkdir(path.join(workspace, '.clawdock'));
});
after(async () => {
  await rm(home, { recursive: true, force: true });
  await rm(workspace, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runPolicyCli(args, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), env: { CLAWDOCK_HOME: home } });
  return { code, out, err };
}

const call = (command: string) => JSON.stringify({ tool: 'run_command', args: { command } });

describe('clawdock policy', () => {
  it('check prints the decision as one line of JSON and exits 0', async () => {
    const r = await cli('check', '--call', call('ls && rm -rf build'));
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.out), {
      decision: 'ask', rule: 'rm-recursive', source: 'builtin', reasons: ['deletes directories recursively', 'deletes files', '`rm -rf build` writes build (an operand of rm)'], subcommands: [['ls'], ['rm', '-rf', 'build']],
    });
  });
  it('check prints a schema refusal as a decision', async () => {
    const r = await cli('check', '--call={"tool":"nope","args":{}}');
    assert.equal(r.code, 0);
    assert.equal(JSON.parse(r.out).source, 'schema');
  });
  it('explain prints the decision for people', async () => {
    const r = await cli('policy', 'explain', '--call', call('sudo git push --force'), '--profile', 'paired');
    assert.equal(r.code, 0);
    assert.match(r.out, /Decision: ASK/);
    assert.match(r.out, /git push --force {2}→ ask {2}\[via sudo\]/);
    assert.match(r.out, /Caller profile: paired/);
  });
  it('applies the caller profile', async () => {
    const r = await cli('check', '--call', call('touch x'), '--profile', 'readonly');
    assert.deepEqual([JSON.parse(r.out).decision, JSON.parse(r.out).source], ['deny', 'profile']);
  });
  it('reads the user layer from $CLAWDOCK_HOME/policy.json and the workspace layer from DIR/.clawdock/policy.json', async () => {
    await writeFile(path.join(home, 'policy.json'), JSON.stringify({ rules: [{ id: 'make', pattern: ['make'], decision: 'allow', reason: 'build' }] }));
    await writeFile(path.join(workspace, '.clawdock', 'policy.json'), JSON.stringify({ 'clawdock.policy.rules': [{ id: 'no-deploy', pattern: ['make', 'deploy'], decision: 'deny', reason: 'CI deploys' }] }));
    assert.equal(JSON.parse((await cli('check', '--call', call('make'))).out).source, 'user');
    const ws = JSON.parse((await cli('check', '--call', call('make deploy'), '--workspace', workspace)).out);
    assert.deepEqual([ws.decision, ws.rule, ws.source], ['deny', 'workspace:no-deploy', 'workspace']);
    const untrusted = JSON.parse((await cli('check', '--call', call('make deploy'), '--workspace', workspace, '--untrusted')).out);
    assert.equal(untrusted.decision, 'allow');
    await rm(path.join(home, 'policy.json'));
  });
  it('exits 1 naming the problem when a policy does not load', async () => {
    await writeFile(path.join(home, 'policy.json'), JSON.stringify({ rules: [{ pattern: ['make'], decision: 'allow', reason: 'x', match: ['cmake'] }] }));
    const r = await cli('check', '--call', call('ls'));
    assert.equal(r.code, 1);
    assert.match(r.err, /example "cmake" should match/);
    await writeFile(path.join(home, 'policy.json'), '{ not json');
    assert.equal((await cli('check', '--call', call('ls'))).code, 1);
    await rm(path.join(home, 'policy.json'));
  });
  it('exits 2 with usage on stderr for usage errors', async () => {
    for (const args of [[], ['frob'], ['check'], ['check', '--call'], ['check', '--call', '{'], ['check', '--call', '{}', '--profile', 'root'], ['check', '--call', '{}', '--bogus']]) {
      const r = await cli(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /usage:/);
      assert.equal(r.out, '');
    }
  });
  it('prints usage on stdout for --help', async () => {
    const r = await cli('--help');
    assert.equal(r.code, 0);
    assert.match(r.out, /clawdock policy check/);
  });
});
