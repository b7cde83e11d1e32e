import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dynamicWord, literalWord, unquoted } from '../command/word';
import type { Word } from '../command/word';
import { compileGrammar } from './compile-grammar';
import type { ProgramGrammar } from './grammar';
import { matchGrammar } from './match-grammar';
import { flags, optionals, reads, values, writes } from './option-helpers';

const TOY: ProgramGrammar = {
  name: 'toy',
  summary: 'a test program',
  abbreviations: true,
  numericOption: true,
  options: [
    ...flags('-a --all', '-b', '--color-scheme'),
    ...values('-n --lines'),
    ...optionals('--color'),
    reads('-f --file', { kinds: ['read'] }),
    writes('-o --output', 'writes a file'),
    { names: ['--run'], arg: 'required', kind: 'exec' },
    { names: ['--pair'], arg: 'required', count: 2, kind: 'read' },
    { names: ['-i', '--in-place'], writesOperands: true, effect: 'write' },
  ],
  operands: { kinds: ['value', 'read'] },
};
const toy = compileGrammar(TOY);
const words = (...w: (string | Word)[]) => w.map((x) => (typeof x === 'string' ? literalWord(x) : x));
const match = (...w: (string | Word)[]) => matchGrammar(toy, words('toy', ...w));
const touches = (...w: (string | Word)[]) => {
  const m = match(...w);
  assert.ok(m.understood, m.understood ? '' : m.reason);
  return m.touches.map((t) => `${t.kind}:${t.word.value}@${t.via}`);
};

describe('matchGrammar reads argv as getopt_long does', () => {
  it('reads short bundles, attached and separate values', () => {
    assert.deepEqual(touches('-ab', '-n5', '-n', '6', 'pat', 'file'), ['value:5@-n', 'value:6@-n', 'value:pat@operand', 'read:file@operand']);
    assert.deepEqual(touches('-abn7', 'p'), ['value:7@-n', 'value:p@operand']);
    assert.deepEqual(touches('-fpats', 'x'), ['read:pats@-f', 'read:x@operand']);
  });
  it('takes an optional value only when attached', () => {
    assert.deepEqual(touches('--color', 'always'), ['value:always@operand']);
    assert.deepEqual(touches('--color=always', 'p'), ['value:always@--color', 'value:p@operand']);
  });
  it('resolves unique prefixes of long options when the table lists them all, and spells them out', () => {
    const m = match('--out=x', 'p');
    assert.ok(m.understood);
    assert.deepEqual(m.canonical.map((w) => w.value), ['toy', '--output=x', 'p']);
    assert.deepEqual(touches('--li', '3'), ['value:3@--lines']);
    const ambiguous = match('--col', 'p');
    assert.equal(ambiguous.understood, false);
    assert.match(ambiguous.understood ? '' : ambiguous.reason, /could mean --color or --color-scheme/);
    const strict = matchGrammar(compileGrammar({ ...TOY, abbreviations: false }), words('toy', '--out=x'));
    assert.equal(strict.understood, false);
  });
  it('ends options at -- and reads a lone - as an operand', () => {
    assert.deepEqual(touches('--', '-a', '-'), ['value:-a@operand', 'read:-@operand']);
  });
  it('does not understand an unknown option, a missing value, or a value on a flag', () => {
    for (const w of [['-z'], ['--nope'], ['-n'], ['--all=1'], ['--pair', 'a']]) {
      const m = match(...w);
      assert.equal(m.understood, false, w.join(' '));
    }
  });
  it('switches what operands are, and marks files read as written when an option says so', () => {
    assert.deepEqual(touches('-f', 'p', 'a', 'b'), ['read:p@-f', 'read:a@operand', 'read:b@operand']);
    const m = match('-i', 'p', 'f');
    assert.ok(m.understood);
    assert.deepEqual(m.touches.map((t) => t.kind), ['value', 'write']);
    assert.deepEqual(m.effects.map((e) => `${e.kind}:${e.via}`), ['write:-i']);
  });
  it('takes several words for an option with a count', () => {
    assert.deepEqual(touches('--pair', 'name', 'file'), ['read:file@--pair']);
  });
  it('reads -NUM as an option when the program has one', () => {
    assert.deepEqual(touches('-5', 'p'), ['value:p@operand']);
  });
  it('understands a word only known at run time only where no value of it could change the reading', () => {
    // Any option of this table could do harm: $x may be `--run=sh`.
    assert.equal(match(dynamicWord('$x'), 'f').understood, false);
    // Its prefix says it is a value of --lines.
    assert.ok(match({ value: '--lines=$(n)', dynamic: true, glob: false, prefix: '--lines=' }, 'p').understood);
    // After --, a quoted one is an operand whatever it holds (an unquoted one may split, shifting the operands).
    assert.ok(match('--', { value: '$x', dynamic: true, glob: false }).understood);
    assert.equal(match('--', dynamicWord('$x')).understood, false);
    // A glob may name files called like options: not with --run and --output in the table.
    assert.equal(match('p', unquoted('*.txt')).understood, false);
    assert.ok(match('p', unquoted('src/*.txt')).understood);
    const harmless = compileGrammar({ name: 'h', summary: 'h', options: flags('-a'), operands: { kinds: ['read'] } });
    assert.ok(matchGrammar(harmless, words('h', dynamicWord('$x'))).understood);
  });
  it('refuses a word that may split into several where later operands mean something else', () => {
    const uniqLike = compileGrammar({ name: 'u', summary: 'u', options: [], operands: { kinds: ['read', 'write'], max: 2 } });
    assert.equal(matchGrammar(uniqLike, words('u', unquoted('*.txt'))).understood, false);
  });
  it('checks operand counts, patterns and KEY=VALUE operands', () => {
    const g = compileGrammar({ name: 'd', summary: 'd', options: [], operands: { kinds: ['value'], keyed: { of: 'write' } } });
    const m = matchGrammar(g, words('d', 'bs=1', 'of=/tmp/x'));
    assert.ok(m.understood);
    assert.deepEqual(m.touches.map((t) => `${t.kind}:${t.word.value}`), ['value:bs=1', 'write:/tmp/x']);
    const date = compileGrammar({ name: 'date', summary: 'd', options: [], operands: { kinds: ['value'], max: 1, pattern: /^\+/ } });
    assert.ok(matchGrammar(date, words('date', '+%s')).understood);
    assert.equal(matchGrammar(date, words('date', '0101')).understood, false);
    const version = compileGrammar({ name: 'v', summary: 'v', knownAs: 'v --version', freeForm: true, options: [], operands: { kinds: ['value'], min: 1, max: 1, pattern: /^--version$/ } });
    const alone = matchGrammar(version, words('v'));
    assert.equal(alone.understood, false);
    assert.match(alone.understood ? '' : alone.reason, /knows v only as `v --version`/);
  });
  it('follows subcommands, and does not understand an unknown one', () => {
    const g = compileGrammar({
      name: 'g', summary: 'g', posixOrder: true, options: flags('-q'), operands: { kinds: [], max: 0 },
      subcommands: [{ name: 'show', summary: 's', options: flags('--stat'), operands: { kinds: ['read'] } }, { name: 'push', summary: 'p', freeForm: true, options: [], operands: { kinds: ['value'] }, effect: 'state', why: 'publishes' }],
    });
    const show = matchGrammar(g, words('g', '-q', 'show', '--stat', 'a'));
    assert.ok(show.understood);
    assert.equal(show.path, 'g show');
    const push = matchGrammar(g, words('g', 'push', '--force'));
    assert.ok(push.understood);
    assert.deepEqual(push.effects.map((e) => e.kind), ['state']);
    assert.equal(matchGrammar(g, words('g', 'alias')).understood, false);
  });
  it('refuses malformed tables when they compile', () => {
    assert.throws(() => compileGrammar({ name: 'x', summary: 'x', options: [{ names: ['o'] }], operands: { kinds: ['value'] } }), /neither -x nor --name/);
    assert.throws(() => compileGrammar({ name: 'x', summary: 'x', options: [...flags('-a'), ...flags('-a')], operands: { kinds: ['value'] } }), /listed twice/);
  });
});
