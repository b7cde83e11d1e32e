import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BashParser } from './bash-parser';
import { bashOnlyConstruct, shellDialect } from './shell-dialect';
import { parseSyntaxTree } from './syntax-tree';
import { testParser } from '../policy-testing';

let parser: BashParser;
before(async () => {
  parser = await testParser();
});
const construct = (source: string) => bashOnlyConstruct(parseSyntaxTree(parser, source, { maxDepth: 200, maxNodes: 20_000 }).root);

describe('what a POSIX sh reads like bash', () => {
  it('knows which shells are bash, a POSIX sh, or something else', () => {
    assert.deepEqual(['bash', 'sh', 'dash', 'zsh', 'fish'].map(shellDialect), ['bash', 'posix', 'posix', 'posix', 'foreign']);
  });
  it('accepts the common subset', () => {
    for (const s of ['ls -la | wc -l', 'if [ -f a ]; then cat a; fi', 'for f in a b; do echo "$f"; done', 'f() { echo "${1:-x}" "${#x}" "${x%.*}"; }; f', 'x=$(date) && echo "$x" >/dev/null 2>&1', 'case $x in a) echo;; esac', 'export A=1; local b', 'cat <<EOF\nx\nEOF', 'echo $((1 + 2))']) {
      assert.equal(construct(s), undefined, s);
    }
  });
  it('names what dash reads differently', () => {
    const cases: [string, RegExp][] = [
      ["echo $'a\\';rm -rf /;'", /ANSI-C quoting/], ['echo $"x"', /locale quoting/], ['[[ -f a ]]', /\[\[/], ['(( x++ ))', /\(\(/], ['echo {a,b}', /brace expansion/],
      ['cat <(ls)', /process substitution/], ['cat <<< x', /herestring/], ['ls |& cat', /\|&/], ['ls &> x', /&>/], ['echo ${x/a/b}', /parameter expansion/],
      ['a=(1 2)', /array/], ['function f { :; }', /function/], ['declare -a x', /declare/], ['x+=1', /append/], ['select x in a; do :; done', /select/],
    ];
    for (const [s, re] of cases) assert.match(construct(s) ?? '', re, s);
  });
});
