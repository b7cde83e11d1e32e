import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChangeEntry } from '../../changes';
import { sha256Hex } from '../../core/hash';
import { takeSnapshot, type SnapshotRoots } from './change-snapshot';

function e(path: string, extra: Partial<ChangeEntry> = {}): ChangeEntry {
  return { path, kind: 'modified', type: 'file', held: false, kept: false, conflict: false, ...extra };
}

function roots(real: Record<string, string | Buffer>, upper: Record<string, string | Buffer>): SnapshotRoots & { done(): void } {
  const base = mkdtempSync(join(tmpdir(), 'clawdock-snapshot-'));
  const make = (dir: string, files: Record<string, string | Buffer>) => {
    mkdirSync(dir, { recursive: true });
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(join(dir, rel, '..'), { recursive: true });
      writeFileSync(join(dir, rel), content);
    }
  };
  make(join(base, 'real'), real);
  make(join(base, 'upper'), upper);
  return { real: join(base, 'real'), upper: join(base, 'upper'), done: () => rmSync(base, { recursive: true, force: true }) };
}

describe('what a change review shows', () => {
  it('shows a text change as a diff bound to the hashes of exactly the bytes it shows, with a lens line per hunk', () => {
    const r = roots({ 'a.txt': 'one\ntwo\n' }, { 'a.txt': 'one\nTWO\n' });
    try {
      const s = takeSnapshot(e('a.txt'), r);
      assert.equal(s.view, 'diff');
      if (s.view !== 'diff') return;
      assert.deepEqual([s.real, s.layer], ['one\ntwo\n', 'one\nTWO\n']);
      assert.equal(s.realSha256, sha256Hex('one\ntwo\n'));
      assert.equal(s.layerSha256, sha256Hex('one\nTWO\n'));
      assert.deepEqual(s.hunks, [{ index: 0, line: 1 }]);
    } finally {
      r.done();
    }
  });

  it('diffs a new file against nothing (real null), as review() counts its hunks', () => {
    const r = roots({}, { 'n.txt': 'new\n' });
    try {
      const s = takeSnapshot(e('n.txt', { kind: 'added' }), r);
      assert.ok(s.view === 'diff' && s.real === null && s.realSha256 === null);
    } finally {
      r.done();
    }
  });

  it('describes instead of diffing: binary, not UTF-8, a deletion, a link, a mode change', () => {
    const r = roots({ 'gone.txt': 'x\n', 'm.sh': 'echo\n' }, { 'bin.dat': Buffer.from([0, 1, 2]), 'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), 'm.sh': 'echo\n' });
    try {
      assert.equal(takeSnapshot(e('bin.dat', { kind: 'added', binary: true }), r).view, 'about');
      const latin = takeSnapshot(e('latin1.txt', { kind: 'added' }), r);
      assert.ok(latin.view === 'about' && /not valid UTF-8/.test(latin.text), 'a file that is not UTF-8 would have its bytes rewritten by a per-hunk accept');
      const gone = takeSnapshot(e('gone.txt', { kind: 'deleted' }), r);
      assert.ok(gone.view === 'about' && /accepting deletes it from your folder/.test(gone.text));
      const link = takeSnapshot(e('l', { kind: 'added', type: 'symlink', linkTarget: '/etc/passwd\u202e', held: true, risk: 'a link that leads out of the workspace' }), r);
      assert.ok(link.view === 'about');
      assert.match(link.text, /^Link in the sandbox points to: \/etc\/passwd\\u\{202E\}$/m);
      assert.match(link.text, /^HELD: a link that leads out of the workspace\.$/m);
      const mode = takeSnapshot(e('m.sh', { kind: 'mode', mode: { layer: 0o755, real: 0o644 } }), r);
      assert.ok(mode.view === 'about' && /^Permissions: 644 in your folder → 755 in the sandbox$/m.test(mode.text));
    } finally {
      r.done();
    }
  });

  it('never reads through a link: a folder of the layer swapped for a link to elsewhere is not shown', () => {
    const r = roots({ 'etc/passwd': 'real\n' }, {});
    const outside = mkdtempSync(join(tmpdir(), 'clawdock-outside-'));
    try {
      writeFileSync(join(outside, 'passwd'), 'root:x:0:0\n');
      symlinkSync(outside, join(r.upper, 'etc'));
      const s = takeSnapshot(e('etc/passwd'), r);
      assert.equal(s.view, 'about');
      assert.doesNotMatch(s.view === 'about' ? s.text : '', /root:x/);
    } finally {
      r.done();
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
