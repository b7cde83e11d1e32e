import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runPolicyCommand } from './policy-command';

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
  const code = await runPolicyCommand(args, { stdout: (s) => void (out += String(s)), stderr: (s) => void (err += String(s)), env: { CLAWDOCK_HOME: home } });
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
  it('reads clawdock.policy.* from $CLAWDOCK_HOME/settings.json, the same keys as VS Code', async () => {
    await writeFile(path.join(home, 'settings.json'), JSON.stringify({ 'clawdock.policy.rules': [{ id: 'no-cat', pattern: ['cat'], decision: 'deny', reason: 'no cat here' }] }));
    const r = JSON.parse((await cli('check', '--call', call('cat README.md'))).out);
    assert.deepEqual([r.decision, r.rule, r.source], ['deny', 'no-cat', 'user']);
    await rm(path.join(home, 'settings.json'));
  });
  it('takes a key set in both from settings.json over policy.json', async () => {
    await writeFile(path.join(home, 'policy.json'), JSON.stringify({ mode: 'read-only' }));
    assert.equal(JSON.parse((await cli('check', '--call', call('touch x'))).out).rule, 'mode:read-only');
    await writeFile(path.join(home, 'settings.json'), JSON.stringify({ 'clawdock.policy.mode': 'ask-risky' }));
    assert.equal(JSON.parse((await cli('check', '--call', call('touch x'))).out).decision, 'ask');
    await rm(path.join(home, 'settings.json'));
    await rm(path.join(home, 'policy.json'));
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
  it('refuses a FIFO or a device at policy.json at once, without reading it', async () => {
    execFileSync('mkfifo', [path.join(home, 'policy.json')]);
    // A blocking read of a FIFO nobody writes would hang here: the test finishing is the proof.
    let r = await cli('check', '--call', call('ls'));
    assert.equal(r.code, 1);
    assert.match(r.err, /policy\.json is a FIFO, not a file; it was not read/);
    await rm(path.join(home, 'policy.json'));
    await rm(path.join(workspace, '.clawdock', 'policy.json'), { force: true });
    await symlink('/dev/zero', path.join(workspace, '.clawdock', 'policy.json'));
    r = await cli('check', '--call', call('ls'), '--workspace', workspace);
    assert.equal(r.code, 1);
    assert.match(r.err, /policy\.json is a device, not a file/);
    await rm(path.join(workspace, '.clawdock', 'policy.json'));
    execFileSync('mkfifo', [path.join(home, 'settings.json')]);
    r = await cli('check', '--call', call('ls'));
    assert.match(r.err, /settings\.json is a FIFO/);
    await rm(path.join(home, 'settings.json'));
  });
  it('names an unknown key or mode instead of ignoring it', async () => {
    await writeFile(path.join(home, 'policy.json'), JSON.stringify({ mdoe: 'ask-all' }));
    let r = await cli('check', '--call', call('ls'));
    assert.equal(r.code, 1);
    assert.match(r.err, /unknown key "mdoe"/);
    await writeFile(path.join(home, 'policy.json'), JSON.stringify({ limits: { execPerMinit: 1 } }));
    assert.match((await cli('check', '--call', call('ls'))).err, /unknown key "limits\.execPerMinit"/);
    await writeFile(path.join(home, 'policy.json'), JSON.stringify({ mode: 'yolo' }));
    r = await cli('check', '--call', call('ls'));
    assert.equal(r.code, 1);
    assert.match(r.err, /`policy\.mode`: "yolo" is not a policy mode/);
    await rm(path.join(home, 'policy.json'));
    await writeFile(path.join(home, 'settings.json'), JSON.stringify({ 'clawdock.policy.readDenny': ['x'] }));
    assert.match((await cli('check', '--call', call('ls'))).err, /unknown key "clawdock\.policy\.readDenny"/);
    await rm(path.join(home, 'settings.json'));
  });
  it('exits 2 with usage on stderr for usage errors, a repeated --call among them', async () => {
    for (const args of [[], ['frob'], ['check'], ['check', '--call'], ['check', '--call', '{'], ['check', '--call', '{}', '--profile', 'root'], ['check', '--call', '{}', '--bogus'],
      ['check', '--call', call('ls'), '--call', call('rm -rf /')], ['check', '--call=' + call('ls'), '--call', call('ls')]]) {
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
