import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compilePathGlobs } from './path-globs';
import { DEFAULT_READ_DENY } from './default-path-globs';
import { compileProtectedPaths } from './protected-paths';

const readDeny = compilePathGlobs(DEFAULT_READ_DENY.map((glob) => ({ glob, source: 'builtin' })));
const protectedPaths = compileProtectedPaths(['deploy/**']);

describe('path globs', () => {
  it('deny reading secrets anywhere in the workspace', () => {
    for (const p of ['.env', 'app/.env', '.env.production', 'certs/server.pem', 'k/tls.key', '.ssh/id_rsa', 'id_ed25519.pub', '.npmrc', 'a/.pypirc', '.git-credentials', '.netrc', '.aws/credentials', 'x/.ssh/config', 'secrets.yaml']) {
      assert.ok(readDeny.match(p), p);
    }
    for (const p of ['src/env.ts', 'README.md', 'environment.md', 'keys.ts', 'src/.envoy']) assert.equal(readDeny.match(p), undefined, p);
  });
  it('deny reading an editor\'s or a tool\'s copy of a secret file by its original name', () => {
    const withBackups = compilePathGlobs(DEFAULT_READ_DENY.map((glob) => ({ glob, source: 'builtin' })), { backups: true });
    for (const p of ['.env~', 'app/#.env#', '.#.npmrc', 'certs/server.pem.bak', 'tls.key~', '.netrc.orig', '.git-credentials.old', 'credentials.json.save', 'secrets.yml.swp', '.pypirc.bak~', 'id_rsa copy', 'server.key (2)', '.npmrc copy 2']) {
      assert.ok(withBackups.match(p), p);
    }
    for (const p of ['README.md~', 'src/main.ts.bak', '#notes.txt#', 'package.json.orig', 'env~', 'a.pem.d/x']) assert.equal(withBackups.match(p), undefined, p);
  });
  it('protect the files the editor and git trust, and the directories themselves', () => {
    for (const p of ['.vscode/settings.json', '.vscode', '.git/hooks/pre-commit', '.git/hooks', '.git/config', 'my.code-workspace', 'a/b.code-workspace', '.devcontainer/devcontainer.json', 'deploy/x']) {
      assert.ok(protectedPaths.match(p), p);
    }
    for (const p of ['.git/HEAD', 'src/.vscode.ts', 'vscode/x', 'sub/deploy/x']) assert.equal(protectedPaths.match(p), undefined, p);
  });
  it('compare the way case-insensitive, normalising filesystems do', () => {
    for (const p of ['.VSCode/tasks.json', '.git./config', '.git/Hooks/x', '.v\u200bscode/x', '.ENV']) {
      assert.ok(protectedPaths.match(p) ?? readDeny.match(p), p);
    }
  });
});
