import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editNotes } from './edit-notes';

describe('notes on an edit', () => {
  it('has none for an ordinary change', () => {
    assert.deepEqual(editNotes({ before: 'a\nb\n', after: 'a\nc\n' }), { notes: [], tags: [], whitespaceOnlyHunks: [] });
  });

  it('flags a re-indent that moves a line out of a block as a whitespace-only hunk', () => {
    const before = 'if ok:\n    run()\n    cleanup()\n';
    const after = 'if ok:\n    run()\ncleanup()\n';
    const n = editNotes({ before, after });
    assert.deepEqual(n.whitespaceOnlyHunks, [0]);
    assert.match(n.notes[0] ?? '', /only whitespace/);
    assert.ok(n.tags.includes('whitespace-only changes'));
  });

  it('flags a change of line endings alone as whitespace-only and as changed endings', () => {
    const n = editNotes({ before: 'a\nb\n', after: 'a\r\nb\r\n' });
    assert.deepEqual(n.whitespaceOnlyHunks, [0]);
    assert.ok(n.tags.includes('line endings changed'));
  });

  it('does not count a no-break space as whitespace: it changes what a shell reads', () => {
    assert.deepEqual(editNotes({ before: 'rm -rf build\n', after: 'rm -rf\u00a0build\n' }).whitespaceOnlyHunks, []);
  });

  it('flags lone CRs and mixed line endings in the new content', () => {
    const n = editNotes({ before: 'a\nb\n', after: 'a\rb\nc\r\n' });
    assert.ok(n.tags.includes('lone CR line endings'));
    assert.ok(n.tags.includes('mixed line endings'));
    assert.match(n.notes.join('\n'), /lone CR .*the editor breaks the line there/);
    assert.match(n.notes.join('\n'), /mixes line endings \(1 LF, 1 CRLF, 1 lone CR\)/);
  });

  it('flags line separators the editor does not break at, and invisible characters the edit adds', () => {
    const n = editNotes({ before: 'x\n', after: 'x\u2028y\u202e\n' });
    assert.ok(n.tags.includes('unusual line terminators'));
    assert.match(n.notes.join('\n'), /adds 2 invisible, control or direction-changing characters \(\\u\{2028\}, \\u\{202E\}\)/);
  });
});
