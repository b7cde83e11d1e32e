import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileProtectedPaths, DEFAULT_PROTECTED_PATHS, protectedPathRisk } from './protected-paths';
import { HELD_PATHS, ORDINARY_PATHS, USER_GLOB_CASES } from './protected-path-cases';

describe('the one protected-path matcher', () => {
  const matcher = compileProtectedPaths();
  for (const p of HELD_PATHS) it(`holds ${JSON.stringify(p)}`, () => assert.ok(matcher.match(p), p));
  for (const p of ORDINARY_PATHS) it(`leaves ${JSON.stringify(p)} ordinary`, () => assert.equal(matcher.match(p), undefined, p));

  for (const [glob, held, ordinary] of USER_GLOB_CASES) {
    it(`reads the user glob ${JSON.stringify(glob)} as .gitignore does`, () => {
      const m = compileProtectedPaths([glob]);
      for (const p of held) assert.ok(m.match(p), `${glob} should hold ${p}`);
      for (const p of ordinary) assert.equal(m.match(p), undefined, `${glob} should leave ${p}`);
    });
  }

  it('never lets a negated user glob unprotect a built-in path', () => {
    assert.ok(compileProtectedPaths(['!.vscode/**']).match('.vscode/settings.json'));
  });

  it('names the risk of each built-in entry and of a user glob', () => {
    for (const glob of DEFAULT_PROTECTED_PATHS) assert.match(protectedPathRisk({ glob, source: 'builtin' }), /\w/);
    assert.match(protectedPathRisk({ glob: 'Makefile', source: 'user' }), /you listed Makefile/);
    const hit = matcher.match('.git/config');
    assert.ok(hit);
    assert.match(protectedPathRisk(hit), /fsmonitor/);
  });
});
