// Approved edits with their audit line. Plain Node, tested beside.
import type { AuditEventOf } from '../../audit';
import type { EditFiles } from '../../approvals';
import type { Caller } from '../../core/caller';
import { sha256Hex } from '../../core/hash';

/** Who asked for the edit and which approval allowed it. */
export interface EditAuditContext {
  readonly caller: Caller;
  readonly approvalId: string;
}

/**
 * EditFiles that write a `file-change` line before each write or removal, and
 * only then touch the file: if the line cannot be written, the file is not
 * changed (the audit contract: the record comes first). The line states the
 * change about to be made, with the hash the write is guarded by as `before`,
 * so a write the guard then refuses (the file changed meanwhile) is the only way
 * the line and the disk can differ, and the edit review says so to the person.
 */
export function auditedEditFiles(files: EditFiles, record: (event: AuditEventOf<'file-change'>) => Promise<unknown>, context: EditAuditContext): EditFiles {
  const common = { type: 'file-change' as const, caller: { ...context.caller }, approvalId: context.approvalId, ...(files.writesTo ? { via: files.writesTo } : {}) };
  return {
    ...(files.writesTo ? { writesTo: files.writesTo } : {}),
    sha256: (path) => files.sha256(path),
    async write(path, content, options) {
      await record({ ...common, path, beforeSha256: options.expectedSha256, afterSha256: sha256Hex(content), bytes: Buffer.byteLength(content, 'utf8') });
      return files.write(path, content, options);
    },
    async remove(path) {
      const before = await files.sha256(path);
      await record({ ...common, path, beforeSha256: before, afterSha256: null, bytes: 0 });
      await files.remove(path);
    },
  };
}
