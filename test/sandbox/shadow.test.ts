// The shadow workspace, the default: from inside the container, nothing a
// command does reaches the real folder until it is accepted; host-executed
// paths are held; accept, per-hunk review, reject, conflicts and undo do
// exactly what they say; and no command can plant what a later one runs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShadowWorkspace, type ChangeEntry } from '../../src/changes';
import type { AuditEvent } from '../../src/audit';
import { ownerCaller } from '../../src/core/caller';
import { HELD_PATHS } from '../../src/policy/paths/protected-path-cases';
import { requireEngine } from '../helpers/engine-gate';
import { snapshotTree } from '../helpers/host-snapshot';
import { chownTree, openSandbox, WORKSPACE_GID, WORKSPACE_UID, type SandboxFixture } from '../helpers/sandbox-fixture';

/** Runs host git as the workspace's owner (git refuses repositories of other users). */
function hostGit(cwd: string, ...args: string[]): { status: number | null; out: string } {
  const r = spawnSync('setpriv', ['--reuid', String(WORKSPACE_UID), '--regid', String(WORKSPACE_GID), '--clear-groups', 'git', ...args], {
    cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' }, timeout: 20_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function entry(entries: readonly ChangeEntry[], path: string): ChangeEntry {
  const found = entries.find((e) => e.path === path);
  assert.ok(found, `${path} is not in the change set: ${entries.map((e) => e.path).join(', ')}`);
  return found;
}

interface Shadowed {
  readonly f: SandboxFixture;
  readonly changes: ShadowWorkspace;
  readonly audit: AuditEvent[];
}

function openShadowed(settings: Record<string, unknown>, files: Record<string, string>): Shadowed {
  const f = openSandbox(settings, files);
  const audit: AuditEvent[] = [];
  const changes = new ShadowWorkspace({ sandbox: f.sandbox, stateRoot: f.stateRoot, caller: ownerCaller('cli'), audit: { append: async (e) => void audit.push(e) } });
  return { f, changes, audit };
}

describe('a shadow workspace, attacked from inside the container', requireEngine(), () => {
  let s: Shadowed;
  let before_: string[];
  const marker = join(tmpdir(), `clawdock-fsmonitor-ran-${process.pid}`);

  before(async () => {
    s = openShadowed({}, { 'README.md': 'hello\n', 'sub/file.txt': 'sub\n' });
    // A real repository in the folder and a nested one, owned by the workspace's owner.
    execFileSync('git', ['init', '-q', s.f.workspace]);
    execFileSync('git', ['init', '-q', join(s.f.workspace, 'sub')]);
    chownTree(s.f.workspace);
    rmSync(marker, { force: true });
    await s.f.sandbox.up();
    before_ = snapshotTree(s.f.workspace);
  });
  after(async () => {
    rmSync(marker, { force: true });
    s?.changes.dispose();
    await s?.f.cleanup();
  });

  it('keeps every host-executed plant out of the real folder, and host git runs none of it', async () => {
    const fsmonitor = `[core]\n\tfsmonitor = touch ${marker}\n`;
    const r = await s.f.sh([
      'mkdir -p evil && printf "%s" "$CFG" > evil/config',
      'printf "../evil\\n" > .git/commondir',
      'printf "%s" "$CFG" > sub/.git/config',
      'mkdir -p .git/modules/m && printf "%s" "$CFG" > .git/modules/m/config',
      'mkdir -p .git/hooks && printf "#!/bin/sh\\ntouch $M\\n" > .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit',
      'printf "{\\"initializeCommand\\": \\"touch $M\\"}" > .devcontainer.json',
      'printf "{\\"folders\\": []}" > x.code-workspace',
      'mkdir -p .husky && printf "touch $M\\n" > .husky/pre-commit',
      'printf "touch $M\\n" > .envrc',
      'mkdir -p nested && git init -q nested 2>/dev/null; printf "%s" "$CFG" > nested/.git/config',
    ].join(' && ').replace(/\$CFG/g, fsmonitor.replace(/\n/g, '\\n').replace(/\t/g, '\\t')).replace(/\$M/g, marker));
    assert.equal(r.exitCode, 0, r.stderr);

    // The host's own git, in the real folder and in the nested repository.
    for (const dir of [s.f.workspace, join(s.f.workspace, 'sub')]) {
      const git = hostGit(dir, 'status', '--porcelain');
      assert.equal(git.status, 0, git.out);
    }
    assert.equal(existsSync(marker), false, 'something the sandbox planted ran on the host');
    assert.deepEqual(snapshotTree(s.f.workspace), before_, 'the real folder changed');

    const set = await s.changes.afterCommand();
    for (const path of ['.git/commondir', 'sub/.git/config', '.git/modules/m/config', '.git/hooks/pre-commit', '.devcontainer.json', 'x.code-workspace', '.husky/pre-commit', '.envrc', 'nested/.git/config']) {
      const e = entry(set.entries, path);
      assert.equal(e.held, true, `${path} is not held`);
      assert.match(e.risk ?? '', /\w/);
    }
    assert.equal(entry(set.entries, 'evil/config').held, false);
    const detected = s.audit.find((e) => e.type === 'change-set' && e.action === 'detected');
    assert.ok(detected && detected.type === 'change-set' && (detected.held ?? []).includes('.envrc'), 'the audit names the held paths');
  });

  it('never takes a held path with everything else, and accepts one only when confirmed', async () => {
    const all = await s.changes.acceptAll();
    assert.deepEqual(all.applied, ['evil/config']);
    assert.equal(existsSync(join(s.f.workspace, '.envrc')), false);
    const refused = await s.changes.accept(['.envrc']);
    assert.deepEqual(refused.applied, []);
    assert.match(refused.refused[0]?.reason ?? '', /held for its own confirmation/);
    const confirmed = await s.changes.accept(['x.code-workspace'], { includeHeld: true });
    assert.deepEqual(confirmed.applied, ['x.code-workspace']);
    assert.equal(readFileSync(join(s.f.workspace, 'x.code-workspace'), 'utf8'), '{"folders": []}');
    const applied = s.audit.find((e) => e.type === 'file-change' && e.path === 'x.code-workspace');
    assert.ok(applied && applied.type === 'file-change' && applied.held === true && applied.via === 'shadow');
  });

  it('runs every built-in host-executed path in the shared table through the change set as held', async () => {
    // The table's plain spellings (the folded ones name the same files), deepest first so folders come from their files.
    const plant = HELD_PATHS.filter((p) => /^[a-z0-9._/-]+$/.test(p) && !p.includes('//') && !p.includes('./') && p !== '.git' && !p.endsWith('/.git'))
      .sort((a, b) => b.split('/').length - a.split('/').length);
    const script = plant.map((p) => `mkdir -p "$(dirname '${p}')" && { [ -d '${p}' ] || printf x > '${p}'; }`).join('; ');
    const r = await s.f.sh(script, 20_000);
    assert.equal(r.exitCode, 0, r.stderr);
    const set = await s.changes.list();
    for (const p of plant) {
      const hits = set.entries.filter((e) => e.path === p || e.path.startsWith(`${p}/`));
      if (hits.length === 0) continue; // already present in the real folder (the repository's own .git/hooks …)
      for (const e of hits) assert.equal(e.held, true, `${e.path} is not held`);
    }
  });
});

describe('a shadow workspace, reviewed', requireEngine(), () => {
  let s: Shadowed;
  const ten = 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n';

  before(async () => {
    s = openShadowed({}, { 'a.txt': ten, 'gone.txt': 'bye\n', 'run.sh': 'echo hi\n', 'keep/x.txt': 'x\n', 'dir/one.txt': '1\n', 'dir/two.txt': '2\n' });
    await s.f.sandbox.up();
  });
  after(async () => {
    s?.changes.dispose();
    await s?.f.cleanup();
  });

  it('leaves the real folder untouched by edits, creations, deletions, mode changes and links until accepted', async () => {
    const snap = snapshotTree(s.f.workspace);
    const r = await s.f.sh('sed -i "s/two/TWO/; s/nine/NINE/" a.txt && echo new > new.txt && rm gone.txt && chmod +x run.sh && ln -s /etc/passwd link && rm -rf dir && mkdir dir && echo 3 > dir/three.txt');
    assert.equal(r.exitCode, 0, r.stderr);
    assert.deepEqual(snapshotTree(s.f.workspace), snap);
    const set = await s.changes.afterCommand();
    assert.equal(entry(set.entries, 'a.txt').kind, 'modified');
    assert.equal(entry(set.entries, 'new.txt').kind, 'added');
    assert.equal(entry(set.entries, 'gone.txt').kind, 'deleted');
    assert.equal(entry(set.entries, 'run.sh').kind, 'mode');
    assert.deepEqual(entry(set.entries, 'run.sh').mode, { layer: 0o755, real: 0o644 });
    const link = entry(set.entries, 'link');
    assert.equal(link.type, 'symlink');
    assert.equal(link.linkTarget, '/etc/passwd');
    assert.equal(link.held, true, 'a link out of the workspace is held');
    // A folder removed and made again hides what was in it: both old files are deleted.
    assert.equal(entry(set.entries, 'dir/one.txt').kind, 'deleted');
    assert.equal(entry(set.entries, 'dir/two.txt').kind, 'deleted');
    assert.equal(entry(set.entries, 'dir/three.txt').kind, 'added');
  });

  it('writes only the accepted hunks of a file, and drops the rejected ones from the sandbox', async () => {
    const e = entry((await s.changes.list()).entries, 'a.txt');
    const report = await s.changes.review('a.txt', { accepted: [0], rejected: [1], realSha256: e.realSha256 ?? null, layerSha256: e.layerSha256 as string });
    assert.deepEqual(report.refused, []);
    assert.equal(readFileSync(join(s.f.workspace, 'a.txt'), 'utf8'), ten.replace('two', 'TWO'));
    assert.equal((await s.f.sh('cat a.txt')).stdout, ten.replace('two', 'TWO'));
    assert.equal((await s.changes.list()).entries.some((x) => x.path === 'a.txt'), false);
  });

  it('keeps an undecided hunk waiting after another is accepted, and after that hunk is undone, never calling its own write a conflict', async () => {
    await s.f.sh("sed -i -e 's/^three$/THREE/' -e 's/^nine$/NINE/' a.txt");
    const before = readFileSync(join(s.f.workspace, 'a.txt'));
    const e = entry((await s.changes.list()).entries, 'a.txt');
    assert.equal(e.conflict, false);
    const report = await s.changes.review('a.txt', { accepted: [0], rejected: [], realSha256: e.realSha256 ?? null, layerSha256: e.layerSha256 as string });
    assert.deepEqual(report.refused, []);
    assert.equal(readFileSync(join(s.f.workspace, 'a.txt'), 'utf8'), before.toString('utf8').replace('three', 'THREE'));
    assert.equal(entry((await s.changes.list()).entries, 'a.txt').conflict, false, 'Clawdock\'s own hunk write read as a person\'s edit');
    await s.changes.undoLast();
    assert.ok(readFileSync(join(s.f.workspace, 'a.txt')).equals(before));
    assert.equal(entry((await s.changes.list()).entries, 'a.txt').conflict, false, 'the undo read as a person\'s edit');
    await s.changes.reject(['a.txt']);
  });

  it('refuses a review of content other than what was shown', async () => {
    await s.f.sh('echo more >> new.txt');
    const e = entry((await s.changes.list()).entries, 'new.txt');
    const stale = await s.changes.review('new.txt', { accepted: [0], rejected: [], realSha256: null, layerSha256: '0'.repeat(64) });
    assert.match(stale.refused[0]?.reason ?? '', /changed .* since the review was opened/);
    assert.equal(existsSync(join(s.f.workspace, 'new.txt')), false);
    const bound = await s.changes.accept(['new.txt'], { expectedLayerSha256: { 'new.txt': e.layerSha256 } });
    assert.deepEqual(bound.applied, ['new.txt']);
    assert.equal(readFileSync(join(s.f.workspace, 'new.txt'), 'utf8'), 'new\nmore\n');
  });

  it('rejects: the sandbox sees the real folder again, and the folder stays as it was', async () => {
    const snap = snapshotTree(s.f.workspace);
    const report = await s.changes.reject(['gone.txt', 'link', 'run.sh']);
    assert.deepEqual([...report.applied].sort(), ['gone.txt', 'link', 'run.sh']);
    assert.deepEqual(snapshotTree(s.f.workspace), snap);
    const inside = await s.f.sh('cat gone.txt; test -L link || echo nolink; stat -c %a run.sh');
    assert.equal(inside.stdout, 'bye\nnolink\n644\n');
  });

  it('makes a person\'s edit during a command a conflict that is shown and never overwritten', async () => {
    const running = s.f.sandbox.exec({ argv: ['sh', '-c', 'sleep 1; echo sandbox > keep/x.txt'], timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 300));
    writeFileSync(join(s.f.workspace, 'keep/x.txt'), 'person\n');
    await running;
    const set = await s.changes.afterCommand();
    const e = entry(set.entries, 'keep/x.txt');
    assert.equal(e.conflict, true);
    const report = await s.changes.accept(['keep/x.txt']);
    assert.match(report.refused[0]?.reason ?? '', /your folder's copy changed/);
    assert.equal(readFileSync(join(s.f.workspace, 'keep/x.txt'), 'utf8'), 'person\n');
    const all = await s.changes.acceptAll();
    assert.ok(!all.applied.includes('keep/x.txt'));
    assert.equal(readFileSync(join(s.f.workspace, 'keep/x.txt'), 'utf8'), 'person\n');
  });

  it('undoes the last applied change byte for byte, and the change waits for review again', async () => {
    const r = await s.f.sh('echo u > u.txt && rm dir/three.txt && printf "\\0binary\\377" > bin.dat && echo again >> new.txt');
    assert.equal(r.exitCode, 0, r.stderr);
    const beforeApply = snapshotTree(s.f.workspace);
    const take = ['u.txt', 'dir/three.txt', 'bin.dat', 'new.txt'];
    const report = await s.changes.accept(take);
    assert.deepEqual(report.refused, []);
    assert.equal(existsSync(join(s.f.workspace, 'dir/three.txt')), false);
    assert.deepEqual([...readFileSync(join(s.f.workspace, 'bin.dat'))], [0, ...Buffer.from('binary'), 0o377]);
    const undone = await s.changes.undoLast();
    for (const p of take) assert.ok(undone.restored.includes(p), `${p} was not restored`);
    assert.deepEqual(snapshotTree(s.f.workspace), beforeApply);
    // The sandbox keeps its version: the changes wait for review again, nothing of its work lost.
    assert.equal((await s.f.sh('test -e dir/three.txt || echo gone')).stdout, 'gone\n');
    const again = (await s.changes.list()).entries.map((e) => e.path);
    for (const p of take) assert.ok(again.includes(p), `${p} is not waiting again`);
    await s.changes.reject(take);
    assert.equal((await s.f.sh('cat dir/three.txt')).stdout, '3\n');
  });
});

describe('Accept All after a confirmation of its deletions', requireEngine(), () => {
  let s: Shadowed;
  before(async () => {
    s = openShadowed({}, { 'one.txt': '1\n', 'two.txt': '2\n', 'kept.txt': 'k\n' });
    await s.f.sandbox.up();
  });
  after(async () => {
    s?.changes.dispose();
    await s?.f.cleanup();
  });

  it('takes only the deletions the person confirmed; one made since waits for review', async () => {
    assert.equal((await s.f.sh('rm one.txt && echo new > new.txt')).exitCode, 0);
    const confirmed = new Set((await s.changes.list()).entries.filter((e) => e.kind === 'deleted').map((e) => e.path));
    assert.deepEqual([...confirmed], ['one.txt']);
    assert.equal((await s.f.sh('rm two.txt')).exitCode, 0);
    const report = await s.changes.acceptAll({ confirmedDeletions: confirmed });
    assert.deepEqual([...report.applied].sort(), ['new.txt', 'one.txt']);
    assert.equal(existsSync(join(s.f.workspace, 'one.txt')), false);
    assert.equal(readFileSync(join(s.f.workspace, 'two.txt'), 'utf8'), '2\n', 'a deletion nobody confirmed reached the folder');
    assert.equal(entry((await s.changes.list()).entries, 'two.txt').kind, 'deleted');
    await s.changes.reject(['two.txt']);
  });
});

describe('a command in the sandbox', requireEngine(), () => {
  let s: Shadowed;
  before(async () => {
    s = openShadowed({}, { 'a.txt': 'a\n' });
    await s.f.sandbox.up();
  });
  after(async () => {
    s?.changes.dispose();
    await s?.f.cleanup();
  });

  it('cannot leave anything in the home folder that a later command runs', async () => {
    const marker = '/tmp/planted-ran';
    const plant = await s.f.sandbox.exec({ argv: ['bash', '-lc', [
      `echo "touch ${marker}" >> ~/.bash_profile`,
      `echo "touch ${marker}" >> ~/.bashrc`,
      `echo "touch ${marker}" >> ~/.profile`,
      `printf "[alias]\\n\\tst = !touch ${marker}\\n[core]\\n\\tpager = touch ${marker}\\n" > ~/.gitconfig`,
      'mkdir -p ~/.local/lib/python3.11/site-packages',
      `echo "import os; os.system('touch ${marker}')" > ~/.local/lib/python3.11/site-packages/evil.pth`,
      'mkdir -p ~/.ssh; echo "ProxyCommand touch /tmp/x" > ~/.ssh/config',
      'echo ok',
    ].join('; ')] });
    assert.equal(plant.exitCode, 0, plant.stderr);
    // The next commands: a login shell, git, python, as an approved command would run them.
    for (const argv of [['bash', '-lc', 'true'], ['bash', '-c', 'git -C /workspace st 2>/dev/null; git -C /workspace log 2>/dev/null; true'], ['python3', '-c', 'print(1)'], ['bash', '-ic', 'true']]) {
      await s.f.sandbox.exec({ argv, timeoutMs: 10_000 });
    }
    assert.equal((await s.f.sh(`test -e ${marker} && echo RAN || echo clean`)).stdout, 'clean\n');
    assert.equal((await s.f.sh('ls -A ~ | wc -l; touch /home/sandbox/.ssh 2>&1 >/dev/null | grep -c denied')).stdout, '0\n1\n');
  });
});

describe('a shadow workspace with applyChanges: auto', requireEngine(), () => {
  let s: Shadowed;
  before(async () => {
    s = openShadowed({ 'sandbox.applyChanges': 'auto' }, { '.gitignore': 'build/\nnode_modules/\n', 'src/a.ts': 'export const a = 1;\n' });
    await s.f.sandbox.up();
  });
  after(async () => {
    s?.changes.dispose();
    await s?.f.cleanup();
  });

  it('applies ordinary changes after a command, holds the host-executed ones, and keeps ignored output in the sandbox', async () => {
    const r = await s.f.sh('echo "export const a = 2;" > src/a.ts && mkdir -p build node_modules/x && echo out > build/app.js && echo m > node_modules/x/i.js && mkdir -p .vscode && echo "{}" > .vscode/tasks.json');
    assert.equal(r.exitCode, 0, r.stderr);
    const set = await s.changes.afterCommand();
    assert.deepEqual(set.autoApplied, ['src/a.ts']);
    assert.equal(readFileSync(join(s.f.workspace, 'src/a.ts'), 'utf8'), 'export const a = 2;\n');
    assert.equal(existsSync(join(s.f.workspace, 'build')), false);
    assert.equal(existsSync(join(s.f.workspace, 'node_modules')), false);
    assert.equal(existsSync(join(s.f.workspace, '.vscode')), false);
    assert.equal(entry(set.entries, 'build/app.js').kept, true);
    assert.equal(entry(set.entries, 'node_modules/x/i.js').kept, true);
    assert.equal(entry(set.entries, '.vscode/tasks.json').held, true);
    // A kept file comes over only when pulled by name.
    assert.deepEqual((await s.changes.accept(['build/app.js'])).applied, ['build/app.js']);
    assert.equal(readFileSync(join(s.f.workspace, 'build/app.js'), 'utf8'), 'out\n');
    // And an automatic apply is undone like any other.
    await s.changes.undoLast();
    await s.changes.undoLast();
    assert.equal(readFileSync(join(s.f.workspace, 'src/a.ts'), 'utf8'), 'export const a = 1;\n');
    assert.equal((await s.f.sh('cat src/a.ts')).stdout, 'export const a = 1;\n');
  });
});

describe('the shadow layer across containers', requireEngine(), () => {
  it('keeps unreviewed changes when the container is removed and brings them back with the next one', async () => {
    const s = openShadowed({}, { 'a.txt': 'a\n' });
    try {
      await s.f.sandbox.up();
      await s.f.sh('echo b > b.txt');
      await s.f.sandbox.down();
      assert.deepEqual((await s.changes.list()).entries.map((e) => e.path), ['b.txt']);
      await s.f.sandbox.up();
      assert.equal((await s.f.sh('cat b.txt')).stdout, 'b\n');
      await s.f.sandbox.down({ dropChanges: true });
      await s.f.sandbox.up();
      assert.equal((await s.f.sh('test -e b.txt && echo yes || echo no')).stdout, 'no\n');
    } finally {
      s.changes.dispose();
      await s.f.cleanup();
    }
  });
});
