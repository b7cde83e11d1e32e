import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dynamicWord, literalWord, unquoted } from '../command/word';
import type { Word } from '../command/word';
import { canonicalArgv, expandBraces } from './canonical-argv';

const spell = (cwd: string, ...w: Word[]) => (canonicalArgv(w, cwd) ?? w).map((x) => x.value);
const lit = (...v: string[]) => v.map(literalWord);

describe('canonical argv for deny rules', () => {
  it('normalises absolute paths, `..` that leaves the workspace, and device paths after =', () => {
    assert.deepEqual(spell('/workspace', ...lit('rm', '-rf', '/usr/..', '///etc//', '/./opt/.')), ['rm', '-rf', '/', '/etc', '/opt']);
    assert.deepEqual(spell('/workspace', ...lit('rm', '-rf', '../..', 'dist/../x')), ['rm', '-rf', '/', 'x']);
    assert.deepEqual(spell('/workspace', ...lit('dd', 'of=/dev//sda')), ['dd', 'of=/dev/sda']);
  });
  it('resolves every relative word against a folder outside the workspace', () => {
    assert.deepEqual(spell('/', ...lit('rm', '-rf', 'usr')), ['rm', '-rf', '/usr']);
  });
  it('reads $HOME as ~, and ~/.. as /home', () => {
    assert.deepEqual(spell('/workspace', literalWord('rm'), dynamicWord('$HOME'), dynamicWord('${HOME}/'), literalWord('~/..')), ['rm', '~', '~', '/home']);
  });
  it('expands braces and turns a glob over the root into the folder it reaches', () => {
    assert.deepEqual(spell('/workspace', literalWord('rm'), unquoted('/{usr,tmp}')), ['rm', '/usr', '/tmp']);
    assert.deepEqual(spell('/workspace', literalWord('rm'), unquoted('/u*')), ['rm', '/usr']);
    assert.deepEqual(spell('/workspace', literalWord('rm'), unquoted('/*/*')), ['rm', '/bin/*']);
    assert.deepEqual(spell('/workspace', literalWord('rm'), unquoted('/*/')), ['rm', '/bin']);
  });
  it('uses the grammar\'s spelling of options', () => {
    assert.deepEqual((canonicalArgv(lit('rm', '--recur'), '/workspace', lit('rm', '--recursive')) ?? []).map((w) => w.value), ['rm', '--recursive']);
  });
  it('leaves an argv alone when nothing changes', () => {
    assert.equal(canonicalArgv(lit('ls', '-la', 'src'), '/workspace'), undefined);
  });
  it('expands brace lists and ranges as bash does, and gives up on huge ones', () => {
    assert.deepEqual(expandBraces('a{1..3}b'), ['a1b', 'a2b', 'a3b']);
    assert.deepEqual(expandBraces('{x,y}{1,2}'), ['x1', 'x2', 'y1', 'y2']);
    assert.deepEqual(expandBraces('{1..100000}'), ['{1..100000}']);
  });
});
