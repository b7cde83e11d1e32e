import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sedScriptProblem } from './sed-script';

describe('sed scripts', () => {
  it('understands scripts that only print and edit text', () => {
    for (const s of ['p', '1,5p', '$d', '/a/,/b/p', '10{p;q}', 's/a/b/g', 's|a|b|', 's/[/]/x/', 's/a\\/b/c/2', 'y/abc/xyz/', '1~2d', '/x/I!d', '0,/re/d', ':a;N;$!ba;s/\\n/ /g', '1a hello', '$!N', '#comment\np', '\\%x%p', 'l 20', 'q5']) {
      assert.equal(sedScriptProblem(s), undefined, s);
    }
  });
  it('names what writes a file, reads one, or runs a command', () => {
    const cases: [string, RegExp][] = [
      ['w out', /`w` command writes/], ['1W out', /`W` command writes/], ['s/a/b/w out', /s\/\/\/w flag writes/], ['s/a/b/gw out', /s\/\/\/w/],
      ['r .env', /reads a file/], ['R x', /reads a file/], ['e id', /runs a shell command/], ['1e', /runs a shell command/], ['s/x/id/e', /s\/\/\/e flag runs/],
      ['s/a/b/;w x', /writes/], ['/x/{w y\n}', /writes/], ['v 4.2', /not a sed command/], ['s/a/b', /not closed/], ['{p', /block open/],
    ];
    for (const [s, re] of cases) assert.match(sedScriptProblem(s) ?? '', re, s);
  });
});
