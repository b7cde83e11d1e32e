import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { UndoEntry } from '../../changes';
import { describeApplied, fileChangeWord, historyItem } from './history-text';

const sha = (c: string) => c.repeat(64);

describe('the change history in words', () => {
  it('says what each path of an applied change did', () => {
    assert.equal(fileChangeWord({ path: 'a', before: { kind: 'absent' }, after: { kind: 'file', sha256: sha('a'), mode: 0o644 } }), 'created');
    assert.equal(fileChangeWord({ path: 'a', before: { kind: 'file', sha256: sha('a'), mode: 0o644 }, after: { kind: 'absent' } }), 'deleted');
    assert.equal(fileChangeWord({ path: 'a', before: { kind: 'file', sha256: sha('a'), mode: 0o644 }, after: { kind: 'file', sha256: sha('b'), mode: 0o644 } }), 'changed');
    assert.equal(fileChangeWord({ path: 'a', before: { kind: 'file', sha256: sha('a'), mode: 0o644 }, after: { kind: 'file', sha256: sha('a'), mode: 0o755 } }), 'permissions changed');
    assert.equal(fileChangeWord({ path: 'a', before: { kind: 'file', sha256: sha('a'), mode: 0o644 }, after: { kind: 'symlink', target: 'x' } }), 'a file replaced by a link');
  });

  it('lists an entry with when, how and which paths; a deleted folder is one row, not each of its files', () => {
    const entry: UndoEntry = {
      id: 'x', at: new Date(2026, 11, 3, 17, 40, 1).getTime(), via: 'shadow', bytes: 10, files: [
        { path: 'notes.txt', before: { kind: 'file', sha256: sha('a'), mode: 0o644 }, after: { kind: 'file', sha256: sha('b'), mode: 0o644 } },
        { path: 'old', before: { kind: 'dir' }, after: { kind: 'absent' } },
        { path: 'old/a.txt', before: { kind: 'file', sha256: sha('c'), mode: 0o644 }, after: { kind: 'absent' } },
      ],
    };
    assert.deepEqual(historyItem(entry, true), {
      label: '2026-12-03 17:40:01 · accepted from the sandbox',
      description: '2 path(s) · next to undo',
      detail: 'notes.txt (changed), old (folder deleted)',
    });
    assert.equal(describeApplied(entry), 'notes.txt (changed), old (folder deleted)');
  });

  it('shows a path that would draw a link or an icon as text', () => {
    const entry: UndoEntry = { id: 'y', at: 0, via: 'shadow-auto', bytes: 0, files: [{ path: '[a](command:x) $(zap)', before: { kind: 'absent' }, after: { kind: 'file', sha256: sha('a'), mode: 0o644 } }] };
    assert.doesNotMatch(historyItem(entry, false).detail, /\[a\]\(|\$\(/);
  });
});
