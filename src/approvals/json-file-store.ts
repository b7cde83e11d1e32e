import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { ClawdockError } from '../core/errors';
import { sha256Hex } from '../core/hash';
import type { ApprovalItem, EditSubject } from './approval';
import type { ApprovalStore } from './approval-store';

const FORMAT = 'clawdock-approvals/1';

/**
 * Pending approvals as one JSON file (mode 0600, folder 0700), replaced
 * atomically: a temp file in the same folder is written, flushed and renamed
 * over the old one, so a crash leaves the old or the new list, never half.
 */
export class JsonFileApprovalStore implements ApprovalStore {
  constructor(readonly file: string) {}

  async load(): Promise<readonly ApprovalItem[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new ClawdockError(`cannot read pending approvals from ${this.file}: ${(err as Error).message}`, { cause: err });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new ClawdockError(`pending approvals in ${this.file} are not valid JSON`, { cause: err, hint: 'remove the file; pending approvals in it are lost and count as rejected' });
    }
    if (!isRecord(value) || value.format !== FORMAT || !Array.isArray(value.items)) {
      throw new ClawdockError(`${this.file} is not a Clawdock approvals file (${FORMAT})`, { hint: 'remove the file' });
    }
    return value.items.filter(isItem).map(withEditHashes);
  }

  async save(items: readonly ApprovalItem[]): Promise<void> {
    const dir = path.dirname(this.file);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = path.join(dir, `.${path.basename(this.file)}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify({ format: FORMAT, items }, null, 1)}\n`, 'utf8');
      await handle.sync();
    } catch (err) {
      await handle.close();
      await rm(temp, { force: true });
      throw err;
    }
    await handle.close();
    // The umask may have narrowed the mode further; it must not be wider.
    await chmod(temp, 0o600);
    await rename(temp, this.file);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Items saved before edits carried their hashes: the hashes of their text, as the queue then bound them.
function withEditHashes(item: ApprovalItem): ApprovalItem {
  const s = item.subject as Partial<EditSubject> & ApprovalItem['subject'];
  if (s.kind !== 'edit' || (s.beforeSha256 !== undefined && s.afterSha256 !== undefined && s.protectedPath !== undefined)) return item;
  const before = s.before ?? null;
  const after = s.after ?? null;
  return {
    ...item,
    subject: {
      ...s, kind: 'edit', before, after, protectedPath: s.protectedPath === true,
      beforeSha256: s.beforeSha256 ?? (before === null ? null : sha256Hex(before)), afterSha256: s.afterSha256 ?? (after === null ? null : sha256Hex(after)),
    },
  };
}

// Enough shape to be handled; anything else in the file is dropped rather than trusted.
function isItem(value: unknown): value is ApprovalItem {
  if (!isRecord(value)) return false;
  const subject = value.subject;
  return typeof value.id === 'string' && (value.kind === 'command' || value.kind === 'edit') && typeof value.binding === 'string'
    && typeof value.createdAt === 'number' && (value.expiresAt === null || typeof value.expiresAt === 'number')
    && isRecord(value.caller) && isRecord(value.decision) && isRecord(subject) && subject.kind === value.kind
    && typeof value.workspace === 'string' && typeof value.status === 'string';
}
