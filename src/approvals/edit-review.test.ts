import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { WorkspaceFs } from '../sandbox';
import { ApprovalMismatchError } from './approval-mismatch-error';
import { manualApprovalClock } from './approval-clock';
import { ApprovalQueue } from './approval-queue';
import { editRequest, owner, paired } from './approval-test-fixtures';
import { workspaceEditFiles } from './edit-files';
import { EditReview } from './edit-review';

const before = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', ''].join('\n');
const after = ['ONE', 'two', 'three', 'four', 'FIVE', 'six', 'seven', 'eight', 'nine', 'ten', ''].join('\n');

async function withWorkspace(files: Record<string, string>, body: (root: string, review: EditReview, queue: ApprovalQueue) => Promise<void>): Promise<void> {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'clawdock-review-')));
  try {
    for (const [path, content] of Object.entries(files)) await writeFile(join(root, path), content);
    const queue = new ApprovalQueue({ clock: manualApprovalClock() });
    const files_ = workspaceEditFiles(new WorkspaceFs({ root, access: 'rw', protectedPaths: [] }));
    await body(root, new EditReview(queue, () => files_), queue);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

describe('reviewing an edit hunk by hunk', () => {
  it('writes nothing before a hunk is accepted', () =>
    withWorkspace({ 'a.txt': before }, async (root, _review, queue) => {
      await queue.submit(editRequest('a.txt', before, after));
      assert.equal(await readFile(join(root, 'a.txt'), 'utf8'), before);
    }));

  it('writes exactly hunk 2 of 3 when it is accepted, and keeps the others open', () =>
    withWorkspace({ 'a.txt': before }, async (root, review, queue) => {
      const { item } = await queue.submit(editRequest('a.txt', before, after));
      const result = await review.accept(item.id, owner, [1]);
      assert.ok(result.ok);
      assert.equal(await readFile(join(root, 'a.txt'), 'utf8'), before.replace('five', 'FIVE'));
      assert.equal(queue.get(item.id)?.status, 'pending');
      assert.deepEqual(review.view(queue.get(item.id)!).pending.map((p) => [p.hunk.index, p.line]), [[0, 0], [2, 9]]);
    }));

  it('ends partially approved once the rest is rejected, telling which hunks landed', () =>
    withWorkspace({ 'a.txt': before }, async (root, review, queue) => {
      const { item, outcome } = await queue.submit(editRequest('a.txt', before, after));
      await review.accept(item.id, owner, [1]);
      await review.reject(item.id, owner, [0]);
      await review.accept(item.id, owner, [2]);
      const done = await outcome;
      assert.equal(done.status, 'partially-approved');
      assert.deepEqual(done.status === 'partially-approved' ? [done.acceptedHunks, done.rejectedHunks] : [], [[1, 2], [0]]);
      assert.equal(await readFile(join(root, 'a.txt'), 'utf8'), after.replace('ONE', 'one'));
    }));

  it('writes the whole proposal on Accept all and reports it approved', () =>
    withWorkspace({ 'a.txt': before }, async (root, review, queue) => {
      const { item, outcome } = await queue.submit(editRequest('a.txt', before, after));
      await review.accept(item.id, owner);
      assert.equal((await outcome).status, 'approved');
      assert.equal(await readFile(join(root, 'a.txt'), 'utf8'), after);
    }));

  it('leaves the file alone on Reject all', () =>
    withWorkspace({ 'a.txt': before }, async (root, review, queue) => {
      const { item, outcome } = await queue.submit(editRequest('a.txt', before, after));
      await review.reject(item.id, owner, undefined, 'wrong file');
      assert.deepEqual(await outcome, { status: 'rejected', by: 'owner', surface: 'editor', at: 0, note: 'wrong file', approvalId: item.id });
      assert.equal(await readFile(join(root, 'a.txt'), 'utf8'), before);
    }));

  it('refuses to write over a file changed since the proposal, and cancels it', () =>
    withWorkspace({ 'a.txt': before }, async (root, review, queue) => {
      const { item, outcome } = await queue.submit(editRequest('a.txt', before, after));
      await writeFile(join(root, 'a.txt'), 'someone else was here\n');
      await assert.rejects(review.accept(item.id, owner, [0]), (err: unknown) => err instanceof ApprovalMismatchError && err.changed.includes('before content'));
      assert.equal(await readFile(join(root, 'a.txt'), 'utf8'), 'someone else was here\n');
      assert.equal((await outcome).status, 'cancelled');
    }));

  it('lets only the owner accept', () =>
    withWorkspace({ 'a.txt': before }, async (root, review, queue) => {
      const { item } = await queue.submit(editRequest('a.txt', before, after));
      const result = await review.accept(item.id, paired);
      assert.equal(result.ok, false);
      assert.equal(await readFile(join(root, 'a.txt'), 'utf8'), before);
    }));
});

describe('new and deleted files under review', () => {
  it('creates a new file, with its folders, only when accepted', () =>
    withWorkspace({}, async (root, review, queue) => {
      const { item } = await queue.submit(editRequest('src/new.ts', null, 'export {};\n'));
      assert.equal(existsSync(join(root, 'src/new.ts')), false);
      await review.accept(item.id, owner);
      assert.equal(await readFile(join(root, 'src/new.ts'), 'utf8'), 'export {};\n');
    }));

  it('refuses to create a file someone else created meanwhile', () =>
    withWorkspace({}, async (root, review, queue) => {
      const { item } = await queue.submit(editRequest('new.ts', null, 'mine\n'));
      await writeFile(join(root, 'new.ts'), 'theirs\n');
      await assert.rejects(review.accept(item.id, owner), ApprovalMismatchError);
      assert.equal(await readFile(join(root, 'new.ts'), 'utf8'), 'theirs\n');
    }));

  it('deletes a file only when the deletion is accepted', () =>
    withWorkspace({ 'old.txt': 'bye\n' }, async (root, review, queue) => {
      const { item, outcome } = await queue.submit(editRequest('old.txt', 'bye\n', null));
      assert.equal(review.view(queue.get(item.id)!).text, '');
      await review.accept(item.id, owner);
      assert.equal(existsSync(join(root, 'old.txt')), false);
      assert.equal((await outcome).status, 'approved');
    }));
});
