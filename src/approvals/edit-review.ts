import type { Caller } from '../core/caller';
import type { ApprovalItem, EditSubject, HunkResult } from './approval';
import { ApprovalMismatchError } from './approval-mismatch-error';
import type { ApprovalQueue } from './approval-queue';
import type { EditFiles } from './edit-files';
import type { Hunk } from './hunks';
import { applyHunks, computeHunks, reviewedContent } from './hunks';

/** The proposal side of an edit under review: accepted and undecided hunks applied, and where each undecided hunk is. */
export interface EditProposalView {
  readonly text: string;
  readonly pending: readonly { readonly hunk: Hunk; readonly line: number }[];
}

/**
 * Reviews edit proposals hunk by hunk. Nothing touches a file before a hunk is
 * accepted; accepting writes the text before with exactly the accepted hunks,
 * guarded by the hash the file had when last seen, so a file changed meanwhile
 * is refused (and the proposal cancelled) rather than overwritten.
 */
export class EditReview {
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(
    private readonly queue: ApprovalQueue,
    /** The files of the workspace an item belongs to. */
    private readonly filesFor: (item: ApprovalItem) => EditFiles,
  ) {}

  /** Accepts hunks (every undecided one when `indexes` is omitted) and writes them. Throws ApprovalMismatchError when the file changed. */
  accept(id: string, by: Caller, indexes?: readonly number[]): Promise<HunkResult> {
    return this.serial(id, async () => {
      const found = this.find(id, by);
      if (!found.ok) return found;
      const { item, subject } = found;
      const hunks = item.hunks!;
      const wanted = (indexes ?? undecided(item)).filter((i) => !hunks.accepted.includes(i) && !hunks.rejected.includes(i));
      if (wanted.length === 0) return { ok: true, item };
      if (wanted.some((i) => !Number.isInteger(i) || i < 0 || i >= hunks.count)) return { ok: false, reason: `edit ${id} has ${hunks.count} hunk(s); no hunk ${wanted.join(', ')}` };
      const files = this.filesFor(item);
      const current = await files.sha256(subject.path);
      if (current !== hunks.diskSha256) {
        await this.queue.cancel(id, `${subject.path} changed since the edit was proposed; nothing more was written`);
        throw new ApprovalMismatchError(id, ['before content']);
      }
      const content = reviewedContent(subject.before, subject.after, [...hunks.accepted, ...wanted]);
      let diskSha256: string | null;
      if (content === null) {
        await files.remove(subject.path);
        diskSha256 = null;
      } else {
        diskSha256 = await files.write(subject.path, content, { expectedSha256: hunks.diskSha256 });
      }
      return this.queue.decideHunks(id, { accepted: wanted, diskSha256 }, by);
    });
  }

  /** Rejects hunks (every undecided one when `indexes` is omitted); nothing is written. */
  reject(id: string, by: Caller, indexes?: readonly number[], note?: string): Promise<HunkResult> {
    return this.serial(id, async () => {
      const found = this.find(id, by);
      if (!found.ok) return found;
      const hunks = found.item.hunks!;
      const wanted = (indexes ?? undecided(found.item)).filter((i) => !hunks.accepted.includes(i) && !hunks.rejected.includes(i));
      if (wanted.length === 0) return { ok: true, item: found.item };
      return this.queue.decideHunks(id, { rejected: wanted, diskSha256: hunks.diskSha256, ...(note ? { note } : {}) }, by);
    });
  }

  /** The proposal side as it stands: rejected hunks reverted, accepted and undecided ones applied. */
  view(item: ApprovalItem): EditProposalView {
    const subject = item.subject as EditSubject;
    const edit = computeHunks(subject.before, subject.after);
    const rejected = new Set(item.hunks?.rejected ?? []);
    const shown = edit.hunks.map((h) => h.index).filter((i) => !rejected.has(i));
    const applied = applyHunks(edit, shown);
    const open = new Set(undecided(item));
    return { text: applied.text, pending: edit.hunks.filter((h) => open.has(h.index)).map((hunk) => ({ hunk, line: applied.starts[hunk.index] ?? 0 })) };
  }

  private find(id: string, by: Caller): { ok: true; item: ApprovalItem; subject: EditSubject } | { ok: false; reason: string } {
    const refused = this.queue.refusal(id, by);
    if (refused) return { ok: false, reason: refused };
    const item = this.queue.get(id);
    if (!item || item.subject.kind !== 'edit' || !item.hunks) return { ok: false, reason: `approval ${id} is not an edit` };
    return { ok: true, item, subject: item.subject };
  }

  // One step at a time per item: two quick clicks must not write from the same stale hash.
  private serial<T>(id: string, step: () => Promise<T>): Promise<T> {
    const next = (this.chains.get(id) ?? Promise.resolve()).then(step, step);
    this.chains.set(id, next.catch(() => undefined));
    return next;
  }
}

/** Hunks of an edit item not yet accepted or rejected. */
export function undecided(item: ApprovalItem): number[] {
  const h = item.hunks;
  if (!h) return [];
  return Array.from({ length: h.count }, (_, i) => i).filter((i) => !h.accepted.includes(i) && !h.rejected.includes(i));
}
