import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeepRules } from './keep-rules';

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'clawdock-keep-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

describe('what stays in the sandbox', () => {
  it('keeps what the folder\'s .gitignore files ignore, each read from its own folder', () => {
    const root = folder({ '.gitignore': 'build/\nnode_modules/\n*.log\n', 'pkg/.gitignore': 'dist\n', '.git/info/exclude': 'scratch/\n' });
    try {
      const keep = createKeepRules(root, [], true);
      for (const p of ['build/app.js', 'node_modules/x/i.js', 'a/b/c.log', 'pkg/dist/x.js', 'scratch/s.txt', 'pkg/node_modules/y']) assert.equal(keep.isKept(p), true, p);
      for (const p of ['src/a.ts', 'dist/x.js', 'README.md', '.gitignore', 'builder/x']) assert.equal(keep.isKept(p), false, p);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('adds the keepInSandbox globs, and can leave .gitignore out', () => {
    const root = folder({ '.gitignore': 'build/\n' });
    try {
      const keep = createKeepRules(root, ['*.tmp', 'cache/**'], false);
      assert.equal(keep.isKept('build/app.js'), false);
      assert.equal(keep.isKept('x/y.tmp'), true);
      assert.equal(keep.isKept('cache/a'), true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('reads the real folder\'s rules only: a .gitignore the sandbox wrote does not count', () => {
    const root = folder({ 'src/a.ts': '' });
    try {
      assert.equal(createKeepRules(root, [], true).isKept('src/a.ts'), false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
