import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyHunks, computeHunks, reviewedContent } from './hunks';

const before = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', ''].join('\n');
const after = ['ONE', 'two', 'three', 'four', 'FIVE', 'six', 'seven', 'eight', 'nine', 'ten', ''].join('\n');

describe('splitting an edit into hunks', () => {
  it('finds one hunk per run of changed lines, with line numbers on both sides', () => {
    const { hunks } = computeHunks(before, after);
    assert.equal(hunks.length, 3);
    assert.deepEqual(hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines]), [[0, 1, 0, 1], [4, 1, 4, 1], [9, 0, 9, 1]]);
    assert.deepEqual(hunks.map((h) => [h.removed, h.added]), [['one\n', 'ONE\n'], ['five\n', 'FIVE\n'], ['', 'ten\n']]);
  });

  it('gives the text after when every hunk is accepted and the text before when none is', () => {
    const edit = computeHunks(before, after);
    assert.equal(applyHunks(edit, [0, 1, 2]).text, after);
    assert.equal(applyHunks(edit, []).text, before);
  });

  it('writes exactly hunk 2 of 3 when only it is accepted', () => {
    const edit = computeHunks(before, after);
    assert.equal(applyHunks(edit, [1]).text, before.replace('five', 'FIVE'));
  });

  it('applies any subset exactly, hunk by hunk', () => {
    const edit = computeHunks(before, after);
    assert.equal(applyHunks(edit, [0, 2]).text, before.replace('one', 'ONE').replace('nine\n', 'nine\nten\n'));
  });

  it('says where each hunk starts in the text it builds', () => {
    const edit = computeHunks('a\nb\nc\n', 'x\ny\na\nc\n');
    assert.equal(edit.hunks.length, 2);
    assert.deepEqual(applyHunks(edit, [0, 1]).starts, [0, 3]);
    assert.deepEqual(applyHunks(edit, [1]).starts, [0, 1]);
  });

  it('keeps CRLF line endings and a missing final newline as they are', () => {
    const edit = computeHunks('a\r\nb\r\nc', 'a\r\nB\r\nc');
    assert.equal(applyHunks(edit, [0]).text, 'a\r\nB\r\nc');
    const tail = computeHunks('a\nb', 'a\nb\n');
    assert.equal(tail.hunks.length, 1);
    assert.equal(applyHunks(tail, [0]).text, 'a\nb\n');
  });

  it('finds no hunk when nothing changed', () => {
    assert.equal(computeHunks('same\n', 'same\n').hunks.length, 0);
  });
});

describe('new and deleted files', () => {
  it('treats a new file as one hunk of everything, and creates nothing when it is rejected', () => {
    const edit = computeHunks(null, 'hello\nworld\n');
    assert.equal(edit.hunks.length, 1);
    assert.equal(reviewedContent(null, 'hello\nworld\n', [0]), 'hello\nworld\n');
    assert.equal(reviewedContent(null, 'hello\nworld\n', []), null);
  });

  it('treats a deletion as one hunk, removing the file only when accepted', () => {
    assert.equal(computeHunks('bye\n', null).hunks.length, 1);
    assert.equal(reviewedContent('bye\n', null, [0]), null);
    assert.equal(reviewedContent('bye\n', null, []), 'bye\n');
  });

  it('still has a hunk when an empty file is created or deleted', () => {
    assert.equal(computeHunks(null, '').hunks.length, 1);
    assert.equal(computeHunks('', null).hunks.length, 1);
    assert.equal(reviewedContent(null, '', [0]), '');
  });
});

describe('line positions as the editor counts them', () => {
  it('puts a hunk after CR-separated lines on the editor line where it shows', () => {
    // The editor breaks lines at a lone CR: a, b, c are lines 0-2 and the change is on line 3.
    const edit = computeHunks('a\rb\nc\nd\ne\n', 'a\rb\nc\nD\ne\n');
    assert.equal(edit.hunks.length, 1);
    assert.equal(edit.hunks[0]?.oldStart, 3);
    assert.deepEqual(applyHunks(edit, [0]).starts, [3]);
  });

  it('splits CR-separated content into hunks of its own lines', () => {
    const before = 'one\rtwo\rthree\rfour\rfive\r';
    const after = 'ONE\rtwo\rthree\rfour\rFIVE\r';
    const edit = computeHunks(before, after);
    assert.deepEqual(edit.hunks.map((h) => [h.oldStart, h.removed, h.added]), [[0, 'one\r', 'ONE\r'], [4, 'five\r', 'FIVE\r']]);
    assert.deepEqual(applyHunks(edit, [0, 1]).starts, [0, 4]);
    assert.equal(applyHunks(edit, [1]).text, 'one\rtwo\rthree\rfour\rFIVE\r');
  });

  it('counts CRLF once and keeps U+2028 inside a line', () => {
    const edit = computeHunks('a\r\nb\u2028c\r\nd\r\n', 'a\r\nb\u2028c\r\nD\r\n');
    assert.deepEqual(applyHunks(edit, [0]).starts, [2]);
  });
});
