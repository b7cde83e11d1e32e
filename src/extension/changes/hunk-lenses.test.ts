import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeHunks, reviewedContent } from '../../approvals/hunks';
import { editorLineCount, hunkLenses } from './hunk-lenses';

/** The sandbox's document as the editor numbers it: line → text (breaks as the editor makes them). */
function lineOf(text: string, line: number): string {
  return text.split(/\r\n|\r|\n/)[line] ?? '';
}

describe('where a change diff puts its hunk lenses', () => {
  it('puts each hunk\'s lenses on its first changed line of the sandbox\'s side', () => {
    const real = 'one\ntwo\nthree\nfour\nfive\nsix\nseven\n';
    const layer = 'one\nTWO\nthree\nfour\nfive\nsix\nSEVEN\neight\n';
    const lenses = hunkLenses(real, layer);
    assert.deepEqual(lenses, [{ index: 0, line: 1 }, { index: 1, line: 6 }]);
    assert.deepEqual(lenses.map((l) => lineOf(layer, l.line)), ['TWO', 'SEVEN']);
  });

  it('counts a lone CR as a line break, as the editor does, so a lens does not drift above its hunk', () => {
    const real = 'a\rb\rc\r\nd\ne\n';
    const layer = 'a\rb\rc\r\nd\nE\n';
    assert.deepEqual(hunkLenses(real, layer), [{ index: 0, line: 4 }]);
    assert.equal(lineOf(layer, 4), 'E');
  });

  it('does not count U+2028 or NEL as line breaks (the editor keeps them inside a line)', () => {
    const real = 'x\u2028y\u0085z\nsame\nold\n';
    const layer = 'x\u2028y\u0085z\nsame\nnew\n';
    assert.deepEqual(hunkLenses(real, layer), [{ index: 0, line: 2 }]);
  });

  it('puts a removal that ends the file on the last line, never past it', () => {
    const layer = 'keep\n';
    const lenses = hunkLenses('keep\ngone\nalso gone\n', layer);
    assert.equal(lenses.length, 1);
    assert.ok((lenses[0]?.line ?? 99) <= editorLineCount(layer) - 1);
  });

  it('gives a new file one hunk on its first line, and an empty new file one too', () => {
    assert.deepEqual(hunkLenses(null, 'a\nb\n'), [{ index: 0, line: 0 }]);
    assert.deepEqual(hunkLenses(null, ''), [{ index: 0, line: 0 }]);
  });

  it('numbers hunks exactly as review() does, so accepting hunk i writes that hunk only', () => {
    const real = 'a\nb\nc\nd\ne\nf\n';
    const layer = 'A\nb\nc\nd\ne\nF\n';
    const lenses = hunkLenses(real, layer);
    assert.equal(lenses.length, computeHunks(real, layer).hunks.length);
    assert.equal(reviewedContent(real, layer, [lenses[1]!.index]), 'a\nb\nc\nd\ne\nF\n');
  });
});
