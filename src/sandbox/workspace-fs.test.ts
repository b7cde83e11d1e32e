// What the file tools return on ordinary workspaces: slicing, binary files,
// listings, search. The escape cases live in test/sandbox/file-escape.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../core/hash';
import { WorkspaceFs } from './workspace-fs';
import type { WorkspaceFsOptions } from './workspace-fs';

async function withFs(
  files: Record<string, string | Buffer>,
  body: (fs: WorkspaceFs, root: string) => Promise<void>,
  options: Partial<WorkspaceFsOptions> = {},
): Promise<void> {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'clawdock-wfs-')));
  try {
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(root, path, '..'), { recursive: true });
      await writeFile(join(root, path), content);
    }
    await body(new WorkspaceFs({ root, access: 'rw', protectedPaths: [], ...options }), root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

describe('WorkspaceFs.read', () => {
  it('returns the text, its size and the hash of the whole file', () =>
    withFs({ 'a.txt': 'hello\n' }, async (fs) => {
      const result = await fs.read('a.txt');
      assert.deepEqual(result, {
        path: 'a.txt', content: 'hello\n', offset: 0, bytes: 6, size: 6, truncated: false, binary: false, sha256: sha256Hex('hello\n'),
      });
    }));

  it('pages through a file by byte offset without splitting a UTF-8 character', () =>
    withFs({ 'u.txt': 'aé€😀z' }, async (fs) => {
      let offset = 0;
      let text = '';
      for (let guard = 0; guard < 20; guard += 1) {
        const page = await fs.read('u.txt', { offset, limit: 3 });
        assert.equal(page.binary, false);
        assert.equal(page.sha256, sha256Hex('aé€😀z'), 'the hash is always of the whole file');
        text += page.content;
        offset = page.offset + page.bytes;
        if (!page.truncated) break;
      }
      assert.equal(text, 'aé€😀z');
    }));

  it('starts a page that begins inside a character at the next whole one', () =>
    withFs({ 'u.txt': '€x' }, async (fs) => {
      const page = await fs.read('u.txt', { offset: 1 });
      assert.equal(page.content, 'x');
      assert.equal(page.offset, 3);
    }));

  it('caps a read at maxReadBytes and says it was truncated', () =>
    withFs({ 'big.txt': 'x'.repeat(100) }, async (fs) => {
      const result = await fs.read('big.txt', { limit: 1000 });
      assert.equal(result.bytes, 10);
      assert.equal(result.truncated, true);
      assert.equal(result.size, 100);
    }, { maxReadBytes: 10 }));

  it('says a file is binary instead of returning garbage', () =>
    withFs({ 'img.bin': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]), 'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9]) }, async (fs) => {
      for (const p of ['img.bin', 'latin1.txt']) {
        const result = await fs.read(p);
        assert.equal(result.binary, true, p);
        assert.equal(result.content, '');
      }
    }));

  it('refuses to read a directory', () =>
    withFs({ 'src/a.txt': 'a' }, async (fs) => {
      await assert.rejects(fs.read('src'), /is a directory/);
      await assert.rejects(fs.read('.'), /is a directory/);
    }));

  it('says what is missing, in /workspace terms', () =>
    withFs({}, async (fs) => {
      await assert.rejects(fs.read('nope/x.txt'), /no such file or directory: \/workspace\/nope/);
    }));
});

describe('WorkspaceFs.write', () => {
  it('creates a file and reports it as created', () =>
    withFs({}, async (fs, root) => {
      const result = await fs.write('new.txt', 'x');
      assert.deepEqual(result, { path: 'new.txt', bytes: 1, beforeSha256: null, afterSha256: sha256Hex('x'), created: true });
      assert.deepEqual(await readdir(root), ['new.txt']);
    }));

  it('accepts bytes as well as text', () =>
    withFs({}, async (fs) => {
      await fs.write('b.bin', new Uint8Array([0, 1, 2]));
      assert.equal((await fs.read('b.bin')).binary, true);
    }));

  it('refuses content over maxWriteBytes', () =>
    withFs({}, async (fs) => {
      await assert.rejects(fs.write('big.txt', 'x'.repeat(11)), /more than the 10-byte limit/);
    }, { maxWriteBytes: 10 }));

  it('refuses to write over a directory or to the root', () =>
    withFs({ 'src/a.txt': 'a' }, async (fs) => {
      await assert.rejects(fs.write('src', 'x'), /is a directory/);
      await assert.rejects(fs.write('.', 'x'), /workspace root/);
    }));
});

describe('WorkspaceFs.list and stat', () => {
  const tree = {
    'b.txt': 'bb',
    'a/one.txt': '1',
    'a/deeper/two.txt': '22',
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.git/objects/ab/cdef': 'x',
  };

  it('lists one directory, sorted, with types and sizes', () =>
    withFs(tree, async (fs) => {
      const result = await fs.list('.');
      assert.deepEqual(result.entries.map((e) => [e.path, e.type]), [['.git', 'dir'], ['a', 'dir'], ['b.txt', 'file']]);
      assert.equal(result.entries.find((e) => e.path === 'b.txt')?.size, 2);
      assert.equal(result.truncated, false);
    }));

  it('recurses without going into .git unless asked', () =>
    withFs(tree, async (fs) => {
      const paths = (await fs.list('/workspace', { recursive: true })).entries.map((e) => e.path);
      assert.deepEqual(paths, ['.git', 'a', 'a/deeper', 'a/deeper/two.txt', 'a/one.txt', 'b.txt']);
      const withGit = (await fs.list('.', { recursive: true, includeGit: true })).entries.map((e) => e.path);
      assert.ok(withGit.includes('.git/objects/ab/cdef'));
      assert.deepEqual((await fs.list('.git')).entries.map((e) => e.path), ['.git/HEAD', '.git/objects']);
    }));

  it('stops at the limit and says the listing was truncated', () =>
    withFs(tree, async (fs) => {
      const result = await fs.list('.', { recursive: true, limit: 2 });
      assert.equal(result.entries.length, 2);
      assert.equal(result.truncated, true);
    }));

  it('lists a symlinked directory inside the workspace under its real path', () =>
    withFs(tree, async (fs, root) => {
      await symlink('a/deeper', join(root, 'shortcut'));
      const result = await fs.list('shortcut');
      assert.equal(result.path, 'a/deeper');
      assert.deepEqual(result.entries.map((e) => e.path), ['a/deeper/two.txt']);
    }));

  it('describes files, directories and the root', () =>
    withFs(tree, async (fs) => {
      assert.equal((await fs.stat('b.txt')).type, 'file');
      assert.equal((await fs.stat('a')).type, 'dir');
      const root = await fs.stat('.');
      assert.equal(root.type, 'dir');
      assert.equal(root.path, '.');
    }));
});

describe('WorkspaceFs.search', () => {
  const tree = {
    'src/a.ts': 'const answer = 42;\nconst Other = 1;\n',
    'src/b.js': 'let answer = "42";\r\n',
    'docs/readme.md': 'The answer is (42).\n',
    'img.bin': Buffer.from([0, 0, 0, 0x61, 0x6e, 0x73, 0x77, 0x65, 0x72]),
    '.git/COMMIT_EDITMSG': 'answer\n',
  };

  it('finds literal text, regex metacharacters included, with line and column', () =>
    withFs(tree, async (fs) => {
      const result = await fs.search('(42)');
      assert.deepEqual(result.matches, [{ path: 'docs/readme.md', line: 1, column: 14, text: 'The answer is (42).' }]);
    }));

  it('skips binary files and .git internals', () =>
    withFs(tree, async (fs) => {
      const result = await fs.search('answer');
      assert.deepEqual(result.matches.map((m) => m.path), ['docs/readme.md', 'src/a.ts', 'src/b.js']);
      assert.equal(result.filesSkipped, 1);
      assert.equal(result.matches.find((m) => m.path === 'src/b.js')?.text, 'let answer = "42";', 'the CR is trimmed');
    }));

  it('searches with a regex, case-insensitively, under a path and a glob', () =>
    withFs(tree, async (fs) => {
      const result = await fs.search('^const \\w+ =', { regex: true, path: 'src', glob: '*.ts' });
      assert.deepEqual(result.matches.map((m) => m.line), [1, 2]);
      const ci = await fs.search('other', { ignoreCase: true });
      assert.deepEqual(ci.matches.map((m) => m.path), ['src/a.ts']);
    }));

  it('searches a single file when the path names one', () =>
    withFs(tree, async (fs) => {
      const result = await fs.search('answer', { path: 'src/a.ts' });
      assert.deepEqual(result.matches.map((m) => m.path), ['src/a.ts']);
    }));

  it('stops at the match limit and says so', () =>
    withFs(tree, async (fs) => {
      const result = await fs.search('answer', { limit: 1 });
      assert.equal(result.matches.length, 1);
      assert.equal(result.truncated, true);
    }));

  it('skips files larger than maxReadBytes', () =>
    withFs({ 'big.txt': `${'x'.repeat(50)} needle`, 'small.txt': 'needle' }, async (fs) => {
      const result = await fs.search('needle');
      assert.deepEqual(result.matches.map((m) => m.path), ['small.txt']);
      assert.equal(result.filesSkipped, 1);
    }, { maxReadBytes: 20 }));

  it('refuses an invalid regex with the reason', () =>
    withFs(tree, async (fs) => {
      await assert.rejects(fs.search('(', { regex: true }), /invalid regular expression/);
    }));

  it('stops a catastrophically backtracking regex instead of freezing the host', () =>
    withFs({ 'evil.txt': `${'a'.repeat(40)}!\n` }, async (fs) => {
      // The error itself says it was stopped at its time limit; no wall-clock bound on top.
      await assert.rejects(fs.search('(a+)+$', { regex: true, timeoutMs: 200 }), /ran out of time/);
    }));
});
