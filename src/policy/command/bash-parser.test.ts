import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ClawdockError } from '../../core/errors';
import { loadBashParser } from './bash-parser';

describe('loadBashParser', () => {
  it('loads from node_modules when run from source', async () => {
    const parser = await loadBashParser();
    const tree = parser.parse('ls | wc -l');
    assert.equal(tree.rootNode.type, 'program');
    tree.delete();
  });
  it('loads from a wasm directory, as the bundle does from dist/', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'clawdock-wasm-'));
    try {
      await copyFile(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), path.join(dir, 'web-tree-sitter.wasm'));
      await copyFile(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'), path.join(dir, 'tree-sitter-bash.wasm'));
      const parser = await loadBashParser({ wasmDir: dir });
      const tree = parser.parse('echo hi');
      assert.equal(tree.rootNode.hasError, false);
      tree.delete();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  it('names the missing grammar file', async () => {
    await assert.rejects(loadBashParser({ wasmDir: '/nonexistent-clawdock' }), (err: unknown) => err instanceof ClawdockError && /(web-tree-sitter|tree-sitter-bash)\.wasm/.test(err.message));
  });
});
