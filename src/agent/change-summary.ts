// What a shadow workspace's change set means for the model after a command or
// a file write: how many changes wait for the owner's review, which are held,
// and (in `applyChanges: auto`) which were applied. Plain words, a bounded list.
import type { ChangeEntry, ChangeSet } from '../changes';

/** The change-set service as the loop uses it (ShadowWorkspace fits). */
export interface AgentChanges {
  afterCommand(): Promise<ChangeSet & { readonly autoApplied: readonly string[] }>;
}

const LISTED = 8;

/** A short note for the tool result, or '' when nothing waits and nothing was applied. */
export function changeSummary(set: ChangeSet & { readonly autoApplied: readonly string[] }): string {
  const waiting = set.entries;
  if (waiting.length === 0 && set.autoApplied.length === 0) return '';
  const lines: string[] = [];
  if (set.autoApplied.length > 0) lines.push(`Applied to the owner's folder (applyChanges: auto): ${list(set.autoApplied)}.`);
  if (waiting.length > 0) {
    const held = waiting.filter((e) => e.held);
    const kept = waiting.filter((e) => e.kept && !e.held);
    const review = waiting.filter((e) => !e.held && !e.kept);
    const parts: string[] = [];
    if (review.length > 0) parts.push(`${review.length} wait for the owner's review (${list(review.map(short))})`);
    if (held.length > 0) parts.push(`${held.length} host-executed path(s) are held for the owner's separate confirmation (${list(held.map((e) => e.path))})`);
    if (kept.length > 0) parts.push(`${kept.length} ignored file(s) stay in the sandbox`);
    lines.push(`Shadow workspace: your changes are in the sandbox only; ${parts.join('; ')}. They reach the owner's folder only when accepted.`);
  }
  if (set.incomplete) lines.push(`(The change list may be incomplete: ${set.incomplete}.)`);
  return `\n[${lines.join(' ')}]`;
}

function short(e: ChangeEntry): string {
  const mark = e.kind === 'added' ? 'A' : e.kind === 'deleted' ? 'D' : e.kind === 'mode' ? 'mode' : 'M';
  return `${mark} ${e.path}`;
}

function list(items: readonly string[]): string {
  return items.length <= LISTED ? items.join(', ') : `${items.slice(0, LISTED).join(', ')} and ${items.length - LISTED} more`;
}
