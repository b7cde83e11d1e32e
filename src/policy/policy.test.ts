import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatExplanation } from './explain/format-explanation';
import { manualClock } from '../core/clock';
import type { Policy } from './policy';
import { callerAs, OWNER, run, testPolicy } from './policy-testing';

const read = (path: string) => ({ tool: 'read_file', args: { path } });
const write = (path: string) => ({ tool: 'write_file', args: { path, content: 'x' } });
const edit = (path: string) => ({ tool: 'edit_file', args: { path, edits: [{ search: 'a', replace: 'b' }] } });

let policy: Policy;
before(async () => {
  policy = await testPolicy();
});

describe('createPolicy', () => {
  describe('file tools', () => {
    it('allows reads and denies reads of secrets, naming the glob', () => {
      assert.deepEqual(pick(policy.decide(read('src/a.ts'), OWNER)), ['allow', 'read-tool', 'builtin']);
      assert.deepEqual(pick(policy.decide(read('config/.env'), OWNER)), ['deny', 'readDeny:**/.env', 'builtin']);
      // An editor's copy holds the same secret.
      assert.deepEqual(pick(policy.decide(read('config/.env~'), OWNER)), ['deny', 'readDeny:**/.env', 'builtin']);
      assert.deepEqual(pick(policy.decide(read('#.npmrc#'), OWNER)), ['deny', 'readDeny:**/.npmrc', 'builtin']);
      assert.deepEqual(pick(policy.decide({ tool: 'list_files', args: { path: '.ssh' } }, OWNER)), ['deny', 'readDeny:**/.ssh/**', 'builtin']);
      assert.deepEqual(pick(policy.decide({ tool: 'search', args: { pattern: 'KEY', glob: '**/.env*' } }, OWNER)), ['deny', 'readDeny:glob-argument', 'builtin']);
      assert.equal(policy.decide({ tool: 'search', args: { pattern: 'KEY', glob: 'src/**/*.ts' } }, OWNER).decision, 'allow');
    });
    it('asks for every file change with a rw workspace, and names protected paths first', async () => {
      const rw = await testPolicy({ workspaceAccess: 'rw' });
      assert.deepEqual(pick(rw.decide(write('src/a.ts'), OWNER)), ['ask', 'file-change', 'builtin']);
      assert.deepEqual(pick(rw.decide(edit('.vscode/settings.json'), OWNER)), ['ask', 'protectedPaths:**/.vscode/**', 'builtin']);
      assert.deepEqual(pick(rw.decide(write('.git/hooks/pre-commit'), OWNER)), ['ask', 'protectedPaths:**/.git/**', 'builtin']);
    });
    it('auto-approves edits when the user says so, but never protected paths', async () => {
      const p = await testPolicy({ user: { autoApproveEdits: true }, workspaceAccess: 'rw' });
      assert.deepEqual(pick(p.decide(edit('src/a.ts'), OWNER)), ['allow', 'autoApproveEdits', 'user']);
      assert.equal(p.decide(edit('.git/config'), OWNER).decision, 'ask');
      assert.equal(p.decide(edit('src/a.ts'), callerAs('paired')).decision, 'ask');
    });
    it('refuses a malformed call as a schema decision', () => {
      const d = policy.decide({ tool: 'read_file', args: { path: '/etc/shadow' } }, OWNER);
      assert.deepEqual(pick(d), ['deny', 'schema', 'schema']);
      assert.match(d.reasons[0] ?? '', /(outside|under) \/workspace/);
    });
  });

  describe('workspace access (clawdock.sandbox.workspaceAccess)', () => {
    it('lets the owner\'s writes into the shadow layer without asking (the default)', () => {
      const d = policy.decide(write('src/a.ts'), OWNER);
      assert.deepEqual(pick(d), ['allow', 'shadow-layer', 'builtin']);
      assert.match(d.reasons[0] ?? '', /shadow layer; nothing reaches your folder until you accept it in the change set/);
      assert.equal(policy.decide(edit('src/a.ts'), OWNER).decision, 'allow');
    });
    it('writes protected paths into the shadow layer and says they are held for their own approval', () => {
      const d = policy.decide(write('.vscode/settings.json'), OWNER);
      assert.deepEqual(pick(d), ['allow', 'protectedPaths:**/.vscode/**', 'builtin']);
      assert.match(d.reasons[0] ?? '', /held for your separate approval/);
    });
    it('still asks for a secrets file in the shadow layer', () => {
      assert.equal(policy.decide(write('.env'), OWNER).decision, 'ask');
    });
    it('refuses writes when the workspace is read-only, naming the setting', async () => {
      const ro = await testPolicy({ workspaceAccess: 'ro' });
      const d = ro.decide(write('src/a.ts'), OWNER);
      assert.deepEqual(pick(d), ['deny', 'workspace-read-only', 'builtin']);
      assert.match(d.reasons[0] ?? '', /workspace is read-only for this sandbox; set clawdock\.sandbox\.workspaceAccess/);
      assert.equal(ro.decide(read('src/a.ts'), OWNER).decision, 'allow');
    });
    it('keeps ask-all, read-only and dry-run modes and the caller profiles as they were', async () => {
      assert.equal((await testPolicy({ user: { mode: 'ask-all' } })).decide(write('a'), OWNER).decision, 'ask');
      assert.equal((await testPolicy({ user: { mode: 'read-only' } })).decide(write('a'), OWNER).decision, 'deny');
      const dry = (await testPolicy({ user: { mode: 'dry-run' } })).decide(write('a'), OWNER);
      assert.deepEqual([dry.decision, dry.dryRun], ['ask', true]);
      assert.equal(policy.decide(write('a'), callerAs('paired')).decision, 'ask');
      assert.equal(policy.decide(write('a'), callerAs('group')).decision, 'deny');
      assert.equal(policy.decide(write('a'), callerAs('readonly')).decision, 'deny');
    });
  });

  describe('caller profiles', () => {
    it('gives the owner every tool', () => {
      assert.equal(policy.decide(run('ls'), OWNER).decision, 'allow');
    });
    it('makes a paired caller ask for commands and writes that would be allowed', () => {
      assert.deepEqual(pick(policy.decide(run('ls'), callerAs('paired'))), ['ask', 'profile:paired', 'profile']);
      assert.equal(policy.decide(read('a'), callerAs('paired')).decision, 'allow');
      assert.equal(policy.decide(run('rm -rf /'), callerAs('paired')).decision, 'deny');
    });
    for (const profile of ['group', 'readonly'] as const) {
      it(`limits a ${profile} caller to reads and read-only commands`, () => {
        const c = callerAs(profile);
        assert.equal(policy.decide(read('a'), c).decision, 'allow');
        assert.equal(policy.decide(run('git log -5 && ls'), c).decision, 'allow');
        assert.deepEqual(pick(policy.decide(write('a'), c)), ['deny', `profile:${profile}`, 'profile']);
        assert.deepEqual(pick(policy.decide(run('npm test'), c)), ['deny', `profile:${profile}`, 'profile']);
        assert.deepEqual(pick(policy.decide(run('ls > out'), c)), ['deny', `profile:${profile}`, 'profile']);
        assert.deepEqual(pick(policy.decide(run('cat .env'), c)), ['deny', `profile:${profile}`, 'profile']);
      });
    }
    it('does not let a user allow rule make a command read-only', async () => {
      const p = await testPolicy({ user: { rules: [{ pattern: ['make'], decision: 'allow', reason: 'build', match: ['make'] }] } });
      assert.equal(p.decide(run('make'), OWNER).decision, 'allow');
      assert.equal(p.decide(run('make'), callerAs('group')).decision, 'deny');
    });
  });

  describe('modes', () => {
    it('ask-all asks for everything that would be allowed', async () => {
      const p = await testPolicy({ user: { mode: 'ask-all' } });
      assert.deepEqual(pick(p.decide(run('ls'), OWNER)), ['ask', 'mode:ask-all', 'mode']);
      assert.equal(p.decide(read('a'), OWNER).decision, 'ask');
      assert.equal(p.decide(run('rm -rf /'), OWNER).decision, 'deny');
    });
    it('read-only refuses writes and commands that are not read-only', async () => {
      const p = await testPolicy({ user: { mode: 'read-only' } });
      assert.equal(p.decide(run('git status'), OWNER).decision, 'allow');
      assert.deepEqual(pick(p.decide(run('rm x'), OWNER)), ['deny', 'mode:read-only', 'mode']);
      assert.deepEqual(pick(p.decide(write('a'), OWNER)), ['deny', 'mode:read-only', 'mode']);
      assert.equal(p.decide(read('a'), OWNER).decision, 'allow');
    });
    it('dry-run decides as usual and tells the executor to run nothing', async () => {
      const p = await testPolicy({ user: { mode: 'dry-run' } });
      const d = p.decide(run('ls'), OWNER);
      assert.deepEqual([d.decision, d.dryRun], ['allow', true]);
      assert.match(d.reasons.at(-1) ?? '', /dry-run mode: nothing runs/);
      assert.equal(policy.decide(run('ls'), OWNER).dryRun, false);
    });
    it('takes a stricter mode from a trusted workspace only', async () => {
      assert.equal((await testPolicy({ workspace: { mode: 'read-only' }, workspaceTrusted: true })).mode, 'read-only');
      assert.equal((await testPolicy({ workspace: { mode: 'read-only' }, workspaceTrusted: false })).mode, 'ask-risky');
    });
  });

  describe('layers', () => {
    it('names the layer of the rule that decided', async () => {
      const p = await testPolicy({
        workspaceTrusted: true,
        user: { rules: [{ id: 'make', pattern: ['make'], decision: 'allow', reason: 'build' }] },
        workspace: { rules: [{ id: 'no-deploy', pattern: ['make', 'deploy'], decision: 'deny', reason: 'deploys from CI only' }, { id: 'curl', pattern: ['curl'], decision: 'allow', reason: 'x' }] },
      });
      assert.deepEqual(pick(p.decide(run('make build'), OWNER)), ['allow', 'make', 'user']);
      assert.deepEqual(pick(p.decide(run('make deploy'), OWNER)), ['deny', 'workspace:no-deploy', 'workspace']);
      assert.equal(p.decide(run('curl x'), OWNER).decision, 'ask');
      assert.match(p.notices.join(), /workspace rule "curl" is ignored/);
    });
    it('switches a grammar off by its id, and refuses an id that names nothing', async () => {
      const p = await testPolicy({ user: { disableBuiltinRules: ['grammar:sort'] } });
      assert.deepEqual(pick(p.decide(run('sort a.txt'), OWNER)), ['ask', 'unmatched', 'builtin']);
      assert.equal(p.decide(run('ls'), OWNER).decision, 'allow');
      await assert.rejects(testPolicy({ user: { disableBuiltinRules: ['read-only-command'] } }), /disableBuiltinRules names "read-only-command", which is no built-in rule or grammar/);
    });
    it('adds workspace read-deny and protected globs', async () => {
      const p = await testPolicy({ workspaceTrusted: true, workspace: { readDeny: ['data/**'], protectedPaths: ['Makefile'] }, workspaceAccess: 'rw' });
      assert.deepEqual(pick(p.decide(read('data/x.csv'), OWNER)), ['deny', 'readDeny:data/**', 'workspace']);
      assert.deepEqual(pick(p.decide(write('Makefile'), OWNER)), ['ask', 'protectedPaths:Makefile', 'workspace']);
      assert.equal(p.isReadDenied('data/y'), true);
      assert.equal(p.isProtected('.vscode/x'), true);
    });
  });

  describe('limits', () => {
    it('pauses with a message naming the limit and its setting', async () => {
      const clock = manualClock();
      const p = await testPolicy({ clock, user: { limits: { execPerMinute: 2 } } });
      for (const c of ['ls 1', 'ls 2']) {
        assert.equal(p.decide(run(c), OWNER).decision, 'allow');
        p.limits.recordExecution();
      }
      const d = p.decide(run('ls 3'), OWNER);
      assert.deepEqual(pick(d), ['pause', 'limits.execPerMinute', 'limit']);
      assert.match(d.reasons[0] ?? '', /clawdock\.policy\.limits\.execPerMinute/);
      assert.equal(p.decide(read('a'), OWNER).decision, 'allow');
      clock.advance(60_001);
      assert.equal(p.decide(run('ls 4'), OWNER).decision, 'allow');
    });
    it('pauses a loop of identical calls, but explain does not count', async () => {
      const p = await testPolicy({ clock: manualClock() });
      for (let i = 0; i < 10; i++) p.explain(run('ls'), OWNER);
      for (let i = 0; i < 4; i++) assert.equal(p.decide(run('ls'), OWNER).decision, 'allow');
      assert.deepEqual(pick(p.decide(run('ls'), OWNER)), ['pause', 'limits.identicalCallRepeats', 'limit']);
    });
  });

  describe('explain', () => {
    it('lists sub-commands, the rules that matched and their sources', () => {
      const e = policy.explain(run('git status && sudo rm -rf build'), OWNER);
      assert.equal(e.decision.decision, 'ask');
      assert.deepEqual(e.subcommands.map((s) => [s.argv.join(' '), s.via, s.verdict]), [['git status', [], 'allow'], ['rm -rf build', ['sudo'], 'ask']]);
      assert.deepEqual(e.subcommands[1]?.matches.map((m) => `${m.rule}/${m.source}`), ['rm-recursive/builtin', 'rm/builtin', 'writes-file/builtin']);
      assert.deepEqual(e.subcommands[0]?.matches.map((m) => `${m.verdict}/${m.rule}`), ['allow/grammar:git']);
      assert.ok(e.findings.some((f) => f.rule === 'privileged-wrapper'));
      assert.deepEqual(e.decision.subcommands, [['git', 'status'], ['rm', '-rf', 'build']]);
    });
    it('formats for people, showing hidden characters instead of rendering them', () => {
      const text = formatExplanation(policy.explain(run('ls\u202e #txt'), OWNER));
      assert.match(text, /^Decision: ASK/);
      assert.match(text, /Decided by: suspicious-character \(builtin\)/);
      assert.match(text, /\\u\{202E\}/);
      assert.equal(text.includes('\u202e'), false);
    });
  });
});

function pick(d: { decision: string; rule: string; source: string }): [string, string, string] {
  return [d.decision, d.rule, d.source];
}
