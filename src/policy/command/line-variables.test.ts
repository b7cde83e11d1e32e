import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BashParser } from './bash-parser';
import { collectVariables } from './line-variables';
import { parseSyntaxTree } from './syntax-tree';
import { testParser } from '../policy-testing';

let parser: BashParser;
before(async () => {
  parser = await testParser();
});
const vars = (source: string) => collectVariables(parseSyntaxTree(parser, source, { maxDepth: 200, maxNodes: 20_000 }).root);

describe('variables a command line sets', () => {
  it('knows literal assignments and loop words', () => {
    assert.deepEqual(vars('f=.env; cat $f').valuesOf('f', false)?.map((w) => w.value), ['.env']);
    assert.deepEqual(vars('for f in a b; do cat "$f"; done').valuesOf('f', true)?.map((w) => w.value), ['a', 'b']);
    const glob = vars('for f in *.ts; do wc -l "$f"; done').valuesOf('f', true)?.[0];
    assert.deepEqual([glob?.value, glob?.glob, glob?.splits], ['*.ts', true, false]);
  });
  it('does not resolve an unquoted use that would split or glob again', () => {
    assert.equal(vars('f="a b"; cat $f').valuesOf('f', false), undefined);
    assert.equal(vars('for f in *.ts; do cat $f; done').valuesOf('f', false), undefined);
  });
  it('marks values only known at run time, however they are set', () => {
    for (const [source, name] of [['x=$(cat f)', 'x'], ['read -r x', 'x'], ['printf -v x %s y', 'x'], ['for x in $(ls); do :; done', 'x'], ['mapfile -t x', 'x'], [': ${x:=y}', 'x'], ['x=1; x=$(id)', 'x'], ['declare x', 'x'], ['a=(1 2)', 'a']] as const) {
      const v = vars(source);
      assert.ok(v.isRunTime(name), source);
      assert.equal(v.valuesOf(name, true), undefined, source);
    }
  });
  it('notes names assigned in arithmetic', () => {
    assert.ok(vars('(( PATH = 1 ))').assigned.has('PATH'));
    assert.ok(vars('for ((i = 0; i < 3; i++)); do :; done').assigned.has('i'));
  });
});
