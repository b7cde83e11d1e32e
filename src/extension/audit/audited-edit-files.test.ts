import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEventOf } from '../../audit';
import type { EditFiles } from '../../approvals';
import { sha256Hex } from '../../core/hash';
import { auditedEditFiles } from './audited-edit-files';

function memoryFiles(): EditFiles & { disk: Map<string, string> } {
  const disk = new Map<string, string>();
  return {
    disk,
    sha256: async (p) => (disk.has(p) ? sha256Hex(disk.get(p)!) : null),
    write: async (p, c) => (disk.set(p, c), sha256Hex(c)),
    remove: async (p) => void disk.delete(p),
  };
}

const context = { caller: { profile: 'owner', surface: 'editor', id: 'owner' }, approvalId: 'ap-1' } as const;

describe('audited edit files', () => {
  it('records the change (hashes, size, approval) before writing it', async () => {
    const files = memoryFiles();
    const lines: AuditEventOf<'file-change'>[] = [];
    const audited = auditedEditFiles(files, async (e) => {
      assert.equal(files.disk.has('a.txt'), false, 'the file was written before its audit line');
      lines.push(e);
    }, context);
    const hash = await audited.write('a.txt', 'héllo', { expectedSha256: null });
    assert.deepEqual(lines, [{ type: 'file-change', caller: context.caller, approvalId: 'ap-1', path: 'a.txt', beforeSha256: null, afterSha256: hash, bytes: 6 }]);
  });

  it('does not write or remove when the line cannot be recorded', async () => {
    const files = memoryFiles();
    files.disk.set('b.txt', 'keep');
    const audited = auditedEditFiles(files, async () => { throw new Error('ENOSPC'); }, context);
    await assert.rejects(audited.write('a.txt', 'x', { expectedSha256: null }), /ENOSPC/);
    await assert.rejects(audited.remove('b.txt'), /ENOSPC/);
    assert.deepEqual([...files.disk.keys()], ['b.txt']);
  });

  it('says a write lands in the sandbox layer when the files are the sandbox\'s own view', async () => {
    const files = { ...memoryFiles(), writesTo: 'sandbox-layer' as const };
    const lines: AuditEventOf<'file-change'>[] = [];
    const audited = auditedEditFiles(files, async (e) => void lines.push(e), context);
    assert.equal(audited.writesTo, 'sandbox-layer');
    await audited.write('a.txt', 'x', { expectedSha256: null });
    assert.equal(lines[0]?.via, 'sandbox-layer');
  });

  it('records a removal with the hash the file had', async () => {
    const files = memoryFiles();
    files.disk.set('b.txt', 'bye');
    const lines: AuditEventOf<'file-change'>[] = [];
    await auditedEditFiles(files, async (e) => void lines.push(e), context).remove('b.txt');
    assert.equal(lines[0]?.beforeSha256, sha256Hex('bye'));
    assert.equal(lines[0]?.afterSha256, null);
    assert.equal(files.disk.size, 0);
  });
});
