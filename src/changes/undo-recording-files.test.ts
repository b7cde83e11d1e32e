import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkspaceFs } from '../sandbox';
import { undoEntry } from './real-folder';
import { undoHistoryFor } from './undo-history';
import { undoRecordingFiles } from './undo-recording-files';
import type { AuditEvent } from '../audit';

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'clawdock-undo-ws-'));
  const state = mkdtempSync(join(tmpdir(), 'clawdock-undo-state-'));
  writeFileSync(join(root, 'a.txt'), 'before\n');
  chmodSync(join(root, 'a.txt'), 0o640);
  const fs = new WorkspaceFs({ root, access: 'rw', protectedPaths: [] });
  const history = undoHistoryFor(state, root, 1);
  return { root, state, fs, history, files: undoRecordingFiles(fs, root, history), done: () => [root, state].forEach((d) => rmSync(d, { recursive: true, force: true })) };
}

describe('edits applied straight to the folder (rw)', () => {
  it('are recorded with what they replaced and undone byte for byte, mode included', async () => {
    const t = setup();
    try {
      await t.files.write('a.txt', 'after\n');
      await t.files.write('new/b.txt', 'new\n', { createParents: true });
      assert.equal(t.history.entries().length, 2);
      const audit: AuditEvent[] = [];
      await undoEntry(t.history.last()!, t.fs, t.root, t.history, async (e) => void audit.push(e));
      assert.equal(existsSync(join(t.root, 'new/b.txt')), false);
      await undoEntry(t.history.entries()[0]!, t.fs, t.root, t.history, async (e) => void audit.push(e));
      assert.equal(readFileSync(join(t.root, 'a.txt'), 'utf8'), 'before\n');
      assert.equal(statSync(join(t.root, 'a.txt')).mode & 0o777, 0o640);
      assert.deepEqual(audit.map((e) => (e.type === 'file-change' ? `${e.path} ${e.via}` : e.type)), ['new/b.txt undo', 'a.txt undo']);
    } finally {
      t.done();
    }
  });

  it('refuses to undo a file that changed again since, and changes nothing', async () => {
    const t = setup();
    try {
      await t.files.write('a.txt', 'after\n');
      writeFileSync(join(t.root, 'a.txt'), 'the person edited it\n');
      await assert.rejects(undoEntry(t.history.last()!, t.fs, t.root, t.history, async () => undefined), /changed again/);
      assert.equal(readFileSync(join(t.root, 'a.txt'), 'utf8'), 'the person edited it\n');
    } finally {
      t.done();
    }
  });

  it('keeps the history within its bound, oldest entries first to go', async () => {
    const t = setup();
    try {
      const big = 'x'.repeat(400 * 1024);
      for (let i = 0; i < 4; i++) await t.files.write('a.txt', `${big}${i}`);
      const entries = t.history.entries();
      assert.ok(entries.length < 4, `${entries.length} entries kept within 1 MiB`);
      assert.ok(entries.reduce((n, e) => n + e.bytes, 0) <= 1024 * 1024 || entries.length === 1);
    } finally {
      t.done();
    }
  });
});
