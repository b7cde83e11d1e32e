import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PROTECTED_PATHS, foldForComparison, isProtectedPath, isProtectedPathOrAlias } from './protected-paths';

describe('isProtectedPath', () => {
  it('protects the default set the design names, and nested repositories\' hooks and config', () => {
    assert.deepEqual([...DEFAULT_PROTECTED_PATHS], ['.vscode/**', '.git/hooks/**', '.git/config', '*.code-workspace', '.devcontainer/**', '**/.git/config', '**/.git/hooks/**']);
    assert.equal(isProtectedPath('vendor/lib/.git/config'), true);
    assert.equal(isProtectedPath('sub/.git/hooks/post-checkout'), true);
  });

  const protectedPaths = [
    '.vscode/settings.json',
    '.vscode/tasks.json',
    '.vscode/deep/nested/file',
    '.git/hooks/pre-commit',
    '.git/config',
    'project.code-workspace',
    '.devcontainer/devcontainer.json',
  ];
  for (const p of protectedPaths) {
    it(`protects ${p}`, () => assert.equal(isProtectedPath(p, []), true));
  }

  for (const p of ['.vscode', '.git/hooks', '.devcontainer', '.git']) {
    it(`protects the entry ${p} itself, so it cannot be replaced by a file or a link`, () => {
      assert.equal(isProtectedPath(p, []), true);
    });
  }

  const unprotected = [
    'src/index.ts',
    '.',
    '.git/objects/ab/cdef',
    '.git/HEAD',
    '.gitignore',
    '.vscodeignore',
    'docs/.vscode-notes.md',
    'src/.vscode/settings.json',
    'sub/project.code-workspace',
    '.git/configs',
  ];
  for (const p of unprotected) {
    it(`leaves ${p} writable`, () => assert.equal(isProtectedPath(p, []), false));
  }

  const caseAndFolding: [string, string][] = [
    ['a different case', '.VSCode/settings.json'],
    ['upper-case git config', '.GIT/CONFIG'],
    ['upper-case hooks', '.Git/Hooks/post-checkout'],
    ['a workspace file in capitals', 'X.CODE-WORKSPACE'],
    ['a trailing dot that Windows drops', '.vscode./tasks.json'],
    ['a trailing space that Windows drops', '.git /config'],
    ['a zero-width joiner that HFS+ ignores', '.g\u200cit/config'],
    ['a compatibility form that NFKC folds', '.v\u017Fcode/settings.json'],
    ['duplicate slashes and dot segments', './.vscode//./settings.json'],
  ];
  for (const [what, p] of caseAndFolding) {
    it(`protects a path spelt with ${what}`, () => assert.equal(isProtectedPath(p, []), true));
  }

  it('adds the user globs to the defaults', () => {
    assert.equal(isProtectedPath('Makefile', ['Makefile']), true);
    assert.equal(isProtectedPath('scripts/deploy.sh', ['scripts/**']), true);
    assert.equal(isProtectedPath('scripts', ['scripts/**']), true);
    assert.equal(isProtectedPath('src/a.ts', ['scripts/**']), false);
  });

  it('reads user globs written from the root with ./ or /', () => {
    assert.equal(isProtectedPath('ci/run.sh', ['./ci/**']), true);
    assert.equal(isProtectedPath('ci/run.sh', ['/ci/**']), true);
  });

  it('does not let a negated user glob unprotect anything', () => {
    assert.equal(isProtectedPath('.vscode/settings.json', ['!.vscode/**']), true);
    assert.equal(isProtectedPath('src/a.ts', ['!src/a.ts']), false);
  });

  it('ignores empty user globs', () => {
    assert.equal(isProtectedPath('src/a.ts', ['', '  ']), false);
  });
});

describe('foldForComparison', () => {
  it('lower-cases and drops what a normalising filesystem ignores', () => {
    assert.equal(foldForComparison('./.VSCODE.//Settings.JSON'), '.vscode/settings.json');
  });
});

describe('isProtectedPathOrAlias', () => {
  const aliases = [
    { from: '.git', to: '.bare' },
    { from: '.git/hooks', to: '.husky' },
    { from: '.vscode', to: 'config/vscode' },
  ];

  it('checks a path under an alias as if it were under the protected entry', () => {
    assert.equal(isProtectedPathOrAlias('.bare/config', [], aliases), true);
    assert.equal(isProtectedPathOrAlias('.bare/hooks/pre-push', [], aliases), true);
    assert.equal(isProtectedPathOrAlias('.husky/pre-commit', [], aliases), true);
    assert.equal(isProtectedPathOrAlias('.husky', [], aliases), true);
    assert.equal(isProtectedPathOrAlias('Config/VSCode/tasks.json', [], aliases), true);
  });

  it('leaves what the alias does not make protected alone', () => {
    assert.equal(isProtectedPathOrAlias('.bare/objects/ab/cd', [], aliases), false);
    assert.equal(isProtectedPathOrAlias('.huskyrc', [], aliases), false);
    assert.equal(isProtectedPathOrAlias('config/other.json', [], aliases), false);
  });

  it('protects everything when a protected entry aliases the workspace root', () => {
    assert.equal(isProtectedPathOrAlias('src/a.ts', [], [{ from: '.vscode', to: '.' }]), true);
  });
});
