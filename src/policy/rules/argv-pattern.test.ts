import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { literalWord, dynamicWord } from '../command/word';
import type { Word } from '../command/word';
import { compileArgvPattern, compileLinePattern, matchArgvPattern, regexMayStartWith } from './argv-pattern';

const words = (...values: string[]): Word[] => values.map(literalWord);
const sure = (tokens: string[], argv: Word[], exact = false, strictProgram = false) => matchArgvPattern(compileArgvPattern(tokens, exact), argv, 'certain', strictProgram);
const maybe = (tokens: string[], argv: Word[]) => matchArgvPattern(compileArgvPattern(tokens), argv, 'possible', false);

describe('argv patterns', () => {
  it('match a prefix of the argv on word boundaries', () => {
    assert.equal(sure(['git', 'push'], words('git', 'push', 'origin')), true);
    assert.equal(sure(['git', 'push'], words('git', 'pushx')), false);
    assert.equal(sure(['git', 'push'], words('git')), false);
  });
  it('match the whole argv when exact', () => {
    assert.equal(sure(['env'], words('env'), true), true);
    assert.equal(sure(['env'], words('env', '-i'), true), false);
  });
  it('treat * as one word, a trailing * as any rest, ** as any words', () => {
    assert.equal(sure(['git', '*', 'x'], words('git', 'a', 'x')), true);
    assert.equal(sure(['git', '*', 'x'], words('git', 'x')), false);
    assert.equal(sure(['git', 'push', '--force', '*'], words('git', 'push', '--force')), true);
    assert.equal(sure(['rm', '**', '-r'], words('rm', 'a', 'b', '-r')), true);
    assert.equal(sure(['rm', '**', '-r'], words('rm', '-r')), true);
  });
  it('match /regex/ tokens against one word', () => {
    assert.equal(sure(['rm', '/^-[a-z]*r/'], words('rm', '-fr')), true);
    assert.equal(sure(['/^py(thon)?3?$/i'], words('PYTHON3')), true);
    assert.throws(() => compileArgvPattern(['/([/']), /not a valid regular expression/);
    assert.throws(() => compileArgvPattern([]), /at least one token/);
  });
  it('see /bin/rm and ./rm as rm for ask and deny rules, but allow rules only trust system bin dirs', () => {
    assert.equal(sure(['rm'], words('/bin/rm')), true);
    assert.equal(sure(['rm'], words('./rm')), true);
    assert.equal(sure(['ls'], words('/usr/bin/ls'), false, true), true);
    assert.equal(sure(['ls'], words('./ls'), false, true), false);
    assert.equal(sure(['ls'], words('/workspace/ls'), false, true), false);
  });
  it('let run-time words match only wildcards when the match must be sure', () => {
    assert.equal(sure(['rm', '**', '-rf'], [literalWord('rm'), dynamicWord('$F')]), false);
    assert.equal(sure(['rm', '*'], [literalWord('rm'), dynamicWord('$F')]), true);
  });
  it('let run-time words stand for any words when the match only needs to be possible', () => {
    assert.equal(maybe(['rm', '**', '-r', '**', '/'], [literalWord('rm'), dynamicWord('$F')]), true);
    assert.equal(maybe(['git', 'push', '--force'], [literalWord('git'), dynamicWord('$X')]), true);
    const quoted: Word = { value: '--author=$(x)', dynamic: true, glob: false, splits: false, prefix: '--author=' };
    assert.equal(maybe(['git', '**', 'push', '--force'], [literalWord('git'), literalWord('log'), quoted]), false);
    assert.equal(maybe(['git', '**', '/^(--output.*|-O.*)$/'], [literalWord('git'), quoted]), false);
    assert.equal(maybe(['git', '**', '/^(--output.*|-O.*)$/'], [literalWord('git'), { ...quoted, prefix: '--out' }]), true);
  });
  it('test a whole-line regex against the joined argv', () => {
    assert.equal(matchArgvPattern(compileLinePattern('/terraform\\s+apply/'), words('terraform', 'apply'), 'certain', false), true);
  });
  it('never rule out a regex that some string with the prefix matches', () => {
    const regexes = [/^(-[a-zA-Z]*f[a-zA-Z]*|--force(-with-lease.*)?|\+.+)$/, /^(--output.*|--ext-diff|-O.*)$/, /^(filter-branch|rebase|rm)$/, /^-(delete|fprint0?|fls)$/, /^ab?c$/i];
    fc.assert(
      fc.property(fc.constantFrom(...regexes), fc.string({ maxLength: 12, unit: fc.constantFrom('-', 'f', 'o', 'r', 'b', 'a', 'c', 'd', 'e', 'l', 't', 'u', '+', 'A', 'B', 'C', '=') }), fc.nat(12), (regex, text, cut) => {
        if (regex.test(text)) assert.equal(regexMayStartWith(regex, text.slice(0, cut)), true, `${regex} ${text}`);
      }),
      { numRuns: 3000 },
    );
  });
});
