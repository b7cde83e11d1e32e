import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PROTECTED_PATHS, foldForComparison, isProtectedPath, isProtectedPathOrAlias } from './protected-paths';
import { HELD_PATHS, ORDINARY_PATHS, USER_GLOB_CASES } from '../policy';

describe('isProtectedPath (the file guard and the mounts)', () => {
  // The one table every user of the matcher runs (src/policy/paths/protected-path-cases.ts).
  for (const p of HELD_PATHS) it(`protects ${JSON.stringify(p)}`, () => assert.equal(isProtectedPath(p, []), true));
  for (const p of ORDINARY_PATHS) it(`leaves ${JSON.stringify(p)} writable`, () => assert.equal(isProtectedPath(p, []), false));
  for (const [glob, held, ordinary] of USER_GLOB_CASES) {
    it(`reads the user glob ${JSON.stringify(glob)} as the policy does`, () => {
      for (const p of held) assert.equal(isProtectedPath(p, [glob]), true, p);
      for (const p of ordinary) assert.equal(isProtectedPath(p, [glob]), false, p);
    });
  }
  it('lists the built-in host-executed globs', () => {
    assert.ok(DEFAULT_PROTECTED_PATHS.includes('**/.git/**'));
    assert.ok(DEFAULT_PROTECTED_PATHS.includes('**/.devcontainer.json'));
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
