import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChangeEntry } from '../../changes';
import { buildChangeTree, entriesUnder, entryDescription, entryTooltip, kindMark, waitingCounts, waitingText, type ChangeNode } from './change-tree';

function e(path: string, extra: Partial<ChangeEntry> = {}): ChangeEntry {
  return { path, kind: 'modified', type: 'file', held: false, kept: false, conflict: false, ...extra };
}

/** The tree as indented lines: folders end with '/', entries show their description. */
function outline(nodes: readonly ChangeNode[], depth = 0): string[] {
  return nodes.flatMap((n) => {
    const pad = '  '.repeat(depth);
    if (n.type === 'entry') return [`${pad}${n.name} [${entryDescription(n.entry)}]`];
    if (n.type === 'kept') return [`${pad}(kept ${n.count})`, ...outline(n.children, depth + 1)];
    return [`${pad}${n.name}/${n.entry ? ` [${entryDescription(n.entry)}]` : ''}`, ...outline(n.children, depth + 1)];
  });
}

describe('the Changes view tree', () => {
  it('nests files under their folders, folders first, and puts kept changes in a group of their own at the end', () => {
    const tree = buildChangeTree([
      e('src/b.ts'), e('README.md', { kind: 'added' }), e('src/a.ts', { kind: 'deleted' }),
      e('.vscode/tasks.json', { kind: 'added', held: true, risk: 'VS Code runs tasks' }),
      e('node_modules/x/index.js', { kind: 'added', kept: true }), e('build/out.js', { kind: 'added', kept: true }),
    ]);
    assert.deepEqual(outline(tree), [
      '.vscode/',
      '  tasks.json [A · held]',
      'src/',
      '  a.ts [D]',
      '  b.ts [M]',
      'README.md [A]',
      '(kept 2)',
      '  build/',
      '    out.js [A]',
      '  node_modules/x/',
      '    index.js [A]',
    ]);
  });

  it('joins a chain of folders that each hold one folder into one row, and keeps ids stable and unique per scope', () => {
    const tree = buildChangeTree([e('a/b/c/d.txt'), e('a/b/c/e.txt')], 'f1/');
    assert.deepEqual(outline(tree), ['a/b/c/', '  d.txt [M]', '  e.txt [M]']);
    const folder = tree[0];
    assert.equal(folder?.type === 'folder' && folder.id, 'f1/w:a/b/c');
    assert.notEqual(buildChangeTree([e('x')], 'f1/')[0]?.id, buildChangeTree([e('x')], 'f2/')[0]?.id);
  });

  it('shows a changed folder that also holds changed files as that folder, with its own kind', () => {
    const tree = buildChangeTree([e('gen', { kind: 'type', type: 'dir' }), e('gen/a.txt', { kind: 'added' })]);
    assert.deepEqual(outline(tree), ['gen/ [type]', '  a.txt [A]']);
    assert.deepEqual(entriesUnder(tree[0] as ChangeNode).map((x) => x.path), ['gen', 'gen/a.txt']);
  });

  it('marks each kind: A, M, D, mode, link, type, special', () => {
    assert.deepEqual([
      e('a', { kind: 'added' }), e('m'), e('d', { kind: 'deleted' }), e('x', { kind: 'mode', mode: { layer: 0o755, real: 0o644 } }),
      e('l', { kind: 'added', type: 'symlink', linkTarget: '/etc/passwd' }), e('t', { kind: 'type', type: 'symlink' }), e('p', { kind: 'special', type: 'other' }),
    ].map(kindMark), ['A', 'M', 'D', 'mode', 'link', 'type', 'special']);
    assert.equal(entryDescription(e('x', { kind: 'mode', mode: { layer: 0o755, real: 0o644 } })), 'mode · 644 → 755');
    assert.equal(entryDescription(e('l', { kind: 'added', type: 'symlink', linkTarget: '/etc/passwd', held: true })), 'link · → /etc/passwd · held');
    assert.equal(entryDescription(e('c', { conflict: true, binary: true })), 'M · binary · conflict');
  });

  it('names the risk of a held entry and explains a conflict in the tooltip', () => {
    const tip = entryTooltip(e('.envrc', { kind: 'added', held: true, risk: 'direnv runs it when you enter the folder', conflict: true }));
    assert.match(tip, /^added file \.envrc \[HELD, CONFLICT\]$/m);
    assert.match(tip, /^Held: direnv runs it when you enter the folder\. .*Accept All never takes it\.$/m);
    assert.match(tip, /^Conflict: .*never overwritten whole/m);
  });

  it('never lets a path or a link target draw icons, links or hidden characters in a label, description or tooltip', () => {
    const evil = e('$(check) ok\u202e.txt', { kind: 'added', type: 'symlink', linkTarget: '[x](command:rm)\u0007', held: true, risk: 'a $(zap) risk' });
    for (const text of [entryDescription(evil), entryTooltip(evil)]) {
      assert.doesNotMatch(text, /\$\(|\[x\]\(|\u202e/u, text);
      assert.ok(!text.includes('\u0007'), text);
    }
    assert.match(entryTooltip(evil), /\\u\{0024\}\(check\) ok\\u\{202E\}\.txt/);
  });

  it('counts what waits for review: kept changes do not wait; held ones are counted among them', () => {
    const entries = [e('a'), e('b', { held: true }), e('c', { kept: true }), e('d', { kept: true, held: true })];
    assert.deepEqual(waitingCounts(entries), { waiting: 2, held: 1 });
    assert.equal(waitingText(waitingCounts(entries)), '2 changes wait for review (1 held)');
    assert.equal(waitingText({ waiting: 1, held: 0 }), '1 change waits for review');
    assert.equal(waitingText({ waiting: 0, held: 0 }), undefined);
  });
});
