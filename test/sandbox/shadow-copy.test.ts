// The shadow workspace's fallback for an engine that cannot overlay the folder
// (a remote engine, a VM): a copy in a volume of the sandbox's own, kept in
// step with the folder before each command. Forced here on a local engine;
// the contract is the overlay's: nothing reaches the folder until accepted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ShadowWorkspace, type ChangeEntry } from '../../src/changes';
import { ownerCaller } from '../../src/core/caller';
import { requireEngine } from '../helpers/engine-gate';
import { snapshotTree } from '../helpers/host-snapshot';
import { makeWorkspace, openSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { shadowLayout } from '../../src/sandbox';
import { identifyWorkspace } from '../../src/sandbox';

function entry(entries: readonly ChangeEntry[], path: string): ChangeEntry {
  const found = entries.find((e) => e.path === path);
  assert.ok(found, `${path} is not in the change set: ${entries.map((e) => `${e.kind} ${e.path}`).join(', ')}`);
  return found;
}

describe('a copied shadow workspace (an engine that cannot overlay the folder)', requireEngine(), () => {
  let f: SandboxFixture;
  let changes: ShadowWorkspace;

  before(async () => {
    f = openSandbox({}, { 'a.txt': 'one\ntwo\n', 'keep.txt': 'keep\n', 'dir/x.txt': 'x\n', 'gone.txt': 'bye\n' }, undefined, { shadowStrategy: 'copy' });
    changes = new ShadowWorkspace({ sandbox: f.sandbox, stateRoot: f.stateRoot, caller: ownerCaller('cli') });
    await f.sandbox.up();
  });
  after(async () => {
    changes?.dispose();
    await f?.cleanup();
  });

  it('says in status that the workspace is a copy, and starts with the folder\'s content, owned by its owner', async () => {
    assert.equal((await f.sandbox.status()).shadow?.mount, 'copy');
    const r = await f.sh('cat a.txt dir/x.txt; stat -c %u /workspace /workspace/a.txt; touch /workspace/new-at-root && echo writable');
    assert.equal(r.stdout, `one\ntwo\nx\n1000\n1000\nwritable\n`, r.stderr);
    await f.sh('rm /workspace/new-at-root');
    assert.deepEqual((await changes.list()).entries, []);
  });

  it('keeps every change in the copy and finds each kind of it', async () => {
    const snap = snapshotTree(f.workspace);
    const r = await f.sh('echo three >> a.txt && echo new > new.txt && rm gone.txt && rm -rf dir && mkdir -p .vscode && echo {} > .vscode/tasks.json && ln -s /etc/passwd link && chmod +x keep.txt');
    assert.equal(r.exitCode, 0, r.stderr);
    assert.deepEqual(snapshotTree(f.workspace), snap);
    const set = await changes.afterCommand();
    assert.equal(entry(set.entries, 'a.txt').kind, 'modified');
    assert.equal(entry(set.entries, 'new.txt').kind, 'added');
    assert.equal(entry(set.entries, 'gone.txt').kind, 'deleted');
    const dir = entry(set.entries, 'dir');
    assert.equal(dir.kind, 'deleted');
    assert.equal(dir.type, 'dir');
    assert.equal(entry(set.entries, '.vscode/tasks.json').held, true);
    assert.equal(entry(set.entries, 'link').held, true);
    assert.equal(entry(set.entries, 'keep.txt').kind, 'mode');
  });

  it('accepts, rejects and undoes as the overlay does', async () => {
    const all = await changes.acceptAll();
    assert.ok(all.applied.includes('a.txt') && all.applied.includes('dir') && all.applied.includes('gone.txt'), all.applied.join(', '));
    assert.equal(readFileSync(join(f.workspace, 'a.txt'), 'utf8'), 'one\ntwo\nthree\n');
    assert.equal(existsSync(join(f.workspace, 'dir')), false);
    assert.equal(existsSync(join(f.workspace, '.vscode')), false);
    // Accepted paths match again: nothing left for them.
    const left = (await changes.list()).entries.map((e) => e.path).sort();
    assert.deepEqual(left, ['.vscode/tasks.json', 'link']);
    await changes.reject(['link', '.vscode/tasks.json']);
    assert.deepEqual((await changes.list()).entries, []);
    assert.equal((await f.sh('test -e link || echo nolink')).stdout, 'nolink\n');
    await changes.undoLast();
    assert.equal(readFileSync(join(f.workspace, 'a.txt'), 'utf8'), 'one\ntwo\n');
    assert.equal(readFileSync(join(f.workspace, 'dir/x.txt'), 'utf8'), 'x\n');
    assert.ok((await changes.list()).entries.some((e) => e.path === 'a.txt'), 'the undone change waits for review again');
  });

  it('takes the folder\'s own edits into the copy before the next command, and flags an edit of a path the sandbox changed too', async () => {
    await changes.rejectAll();
    writeFileSync(join(f.workspace, 'keep.txt'), 'edited in the editor\n');
    writeFileSync(join(f.workspace, 'fresh.txt'), 'made in the editor\n');
    const r = await f.sh('cat keep.txt fresh.txt');
    assert.equal(r.stdout, 'edited in the editor\nmade in the editor\n');
    assert.deepEqual((await changes.afterCommand()).entries, []);
    // Both sides change one file: the copy keeps the sandbox's, the change set shows a conflict.
    const running = f.sandbox.exec({ argv: ['sh', '-c', 'sleep 1; echo sandbox > keep.txt'], timeoutMs: 10_000 });
    await new Promise((res) => setTimeout(res, 300));
    writeFileSync(join(f.workspace, 'keep.txt'), 'person\n');
    await running;
    const set = await changes.afterCommand();
    assert.equal(entry(set.entries, 'keep.txt').conflict, true);
    assert.match((await changes.accept(['keep.txt'])).refused[0]?.reason ?? '', /your folder's copy changed/);
    assert.equal(readFileSync(join(f.workspace, 'keep.txt'), 'utf8'), 'person\n');
  });
});

describe('a shadow workspace whose overlay cannot be mounted', requireEngine(), () => {
  it('falls back to a copy by itself, says so in status, and keeps the folder untouched', async () => {
    const workspace = makeWorkspace({ 'a.txt': 'a\n' });
    const f = openSandbox({}, {}, workspace);
    // The overlay's work folder on another filesystem than its upper folder: the kernel refuses the mount.
    const layout = shadowLayout(join(f.stateRoot, 'shadow'), identifyWorkspace(workspace));
    const elsewhere = mkdtempSync('/dev/shm/clawdock-work-');
    mkdirSync(layout.root, { recursive: true });
    symlinkSync(elsewhere, layout.work);
    try {
      await f.sandbox.up();
      assert.equal((await f.sandbox.status()).shadow?.mount, 'copy');
      await f.sh('echo b > b.txt');
      assert.equal(existsSync(join(workspace, 'b.txt')), false);
      const changes = new ShadowWorkspace({ sandbox: f.sandbox, stateRoot: f.stateRoot, caller: ownerCaller('cli') });
      assert.deepEqual((await changes.list()).entries.map((e) => `${e.kind} ${e.path}`), ['added b.txt']);
      changes.dispose();
    } finally {
      await f.cleanup();
      rmSync(workspace, { recursive: true, force: true });
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('refuses a state folder inside the workspace it would shadow', async () => {
    const workspace = makeWorkspace({ 'a.txt': 'a\n' });
    try {
      const { Sandbox, createEngine } = await import('../../src/sandbox');
      const { testSettings } = await import('../helpers/sandbox-fixture');
      const settings = testSettings({});
      const sandbox = new Sandbox({ workspace, settings, engine: createEngine(settings), stateRoot: join(workspace, '.clawdock-state') });
      await assert.rejects(sandbox.up(), /inside the workspace it shadows/);
      sandbox.dispose();
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
