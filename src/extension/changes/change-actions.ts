// What Accept, Reject, the hunk lenses, Undo and the history do, with the
// person's confirmations: a held (host-executed) change is applied only after
// a modal that names its risk, one change at a time, never in bulk; a
// conflict is never accepted whole; a decision drawn from a diff is bound to
// the hashes the diff was drawn from, and when they moved the diff is shown
// again instead. Every path and reason shown goes through the sanitiser.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { isBulkApplicable, type ApplyReport, type ChangeEntry } from '../../changes';
import { hashHostFile } from '../../changes/compute-changes';
import { visible } from '../../core/display';
import type { ChangeDocuments, LensTarget } from './change-documents';
import type { ChangeSets } from './change-sets';
import { waitingCounts } from './change-tree';
import { describeApplied, formatTime, historyItem } from './history-text';

/** Button titles, exactly as e2e tests click them. */
export const CHANGE_BUTTONS = {
  acceptHeld: 'Accept Held Change',
  acceptDeletions: 'Accept and Delete',
  reject: 'Reject',
  undo: 'Undo',
} as const;

const plain = (text: string) => visible(text, { plain: true });

/** The person's decisions about change sets. */
export class ChangeActions {
  constructor(
    private readonly sets: ChangeSets,
    private readonly documents: ChangeDocuments,
  ) {}

  /**
   * Accepts changes into the folder: ordinary ones together, each held one
   * after its own confirmation; conflicts and special files are refused.
   * `bound`: the diff the accept came from — refused (and shown again) when
   * the real file or the sandbox's version moved since it was drawn.
   */
  async accept(folder: vscode.WorkspaceFolder, entries: readonly ChangeEntry[], bound?: LensTarget): Promise<void> {
    const workspace = this.sets.get(folder);
    const refused: { path: string; reason: string }[] = [];
    const applied: string[] = [];
    if (bound) {
      const now = hashHostFile(join(folder.uri.fsPath, bound.path))?.sha256 ?? null;
      if (now !== bound.realSha256) {
        void vscode.window.showWarningMessage(`Clawdock: ${plain(bound.path)} changed in your folder since its diff was drawn; nothing was accepted. It is shown again as it is now.`);
        await this.documents.open(folder, bound.path);
        return;
      }
    }
    const expected = (e: ChangeEntry) => ({ [e.path]: bound && bound.path === e.path ? bound.layerSha256 : (e.layerSha256 ?? undefined) });
    const ordinary: ChangeEntry[] = [];
    for (const e of entries) {
      if (e.conflict) refused.push({ path: e.path, reason: 'your folder\'s copy changed since the sandbox took its own, so it is never overwritten whole: open its diff and accept it hunk by hunk against your file as it is now, or reject it' });
      else if (e.kind === 'special') refused.push({ path: e.path, reason: e.risk ?? 'a pipe, socket or device is never copied into your folder' });
      else if (!e.held) ordinary.push(e);
    }
    if (ordinary.length > 0) {
      const report = await workspace.accept(ordinary.map((e) => e.path), { expectedLayerSha256: Object.assign({}, ...ordinary.map(expected)) });
      applied.push(...report.applied);
      refused.push(...report.refused);
    }
    for (const e of entries.filter((x) => x.held && !x.conflict && x.kind !== 'special')) {
      if (!(await confirmHeld(e, 'Accepting writes the sandbox\'s version into your folder'))) {
        refused.push({ path: e.path, reason: 'you did not confirm it; it stays in the sandbox' });
        continue;
      }
      const report = await workspace.accept([e.path], { includeHeld: true, expectedLayerSha256: expected(e) });
      applied.push(...report.applied);
      refused.push(...report.refused);
    }
    await this.report(folder, 'Accepted', { applied, refused }, bound);
  }

  /** Rejects changes: the sandbox's versions are dropped (after a confirmation, unless `confirmed`). */
  async reject(folder: vscode.WorkspaceFolder, entries: readonly ChangeEntry[], confirmed = false): Promise<void> {
    if (entries.length === 0) return;
    if (!confirmed) {
      const what = entries.length === 1 ? `the sandbox's change to ${plain((entries[0] as ChangeEntry).path)}` : `${entries.length} changes in the sandbox`;
      const choice = await vscode.window.showWarningMessage(`Reject ${what}?`, {
        modal: true,
        detail: 'The sandbox\'s version is discarded and it sees your folder\'s again. This cannot be undone.',
      }, CHANGE_BUTTONS.reject);
      if (choice !== CHANGE_BUTTONS.reject) return;
    }
    const report = await this.sets.get(folder).reject(entries.map((e) => e.path));
    await this.report(folder, 'Rejected', report);
  }

  /**
   * Accepts every ordinary change of a folder: never held, kept, conflicting
   * or special ones. Deletions among them are named in a modal first (a
   * command that emptied a folder would otherwise empty yours in one click),
   * and only the deletions confirmed there are taken.
   */
  async acceptAll(folder: vscode.WorkspaceFolder): Promise<void> {
    const workspace = this.sets.get(folder);
    const deletions = (await workspace.list()).entries.filter((e) => isBulkApplicable(e) && e.kind === 'deleted');
    if (deletions.length > 0) {
      const files = deletions.reduce((n, e) => n + (e.type === 'dir' ? Math.max(1, e.files ?? 0) : 1), 0);
      const names = deletions.slice(0, 8).map((e) => `${e.path}${e.type === 'dir' ? ` (folder, ${e.files ?? 0} files)` : ''}`).join(', ') + (deletions.length > 8 ? ` and ${deletions.length - 8} more` : '');
      const choice = await vscode.window.showWarningMessage(plain(`Accept All deletes ${files} file(s) from ${folder.name}?`), {
        modal: true,
        detail: plain(`The sandbox deleted: ${names}. Accepting deletes them from your folder too, with the other changes; Undo Last Applied Change puts them back.`),
      }, CHANGE_BUTTONS.acceptDeletions);
      if (choice !== CHANGE_BUTTONS.acceptDeletions) return;
    }
    const report = await workspace.acceptAll({ confirmedDeletions: new Set(deletions.map((e) => e.path)) });
    const held = report.skipped.filter((e) => e.held && !e.kept);
    const conflicts = report.skipped.filter((e) => e.conflict && !e.held && !e.kept);
    const left = [
      held.length > 0 ? `${held.length} held (accept each on its own: ${held.slice(0, 5).map((e) => e.path).join(', ')}${held.length > 5 ? ' …' : ''})` : '',
      conflicts.length > 0 ? `${conflicts.length} in conflict (review hunk by hunk)` : '',
    ].filter(Boolean);
    if (report.applied.length === 0 && report.refused.length === 0) {
      void vscode.window.showInformationMessage(plain(`Clawdock: no ordinary change waits in ${folder.name}${left.length > 0 ? `; left for you: ${left.join('; ')}` : ''}.`));
      return;
    }
    await this.report(folder, 'Accepted', report, undefined, left);
  }

  /** Rejects every change that waits for review (held ones included; kept ones stay in the sandbox), after a confirmation. */
  async rejectAll(folder: vscode.WorkspaceFolder): Promise<void> {
    const set = await this.sets.get(folder).list();
    const waiting = set.entries.filter((e) => !e.kept);
    if (waiting.length === 0) {
      void vscode.window.showInformationMessage(plain(`Clawdock: no change waits for review in ${folder.name}.`));
      return;
    }
    const counts = waitingCounts(set.entries);
    const choice = await vscode.window.showWarningMessage(`Reject all ${waiting.length} change(s) waiting in ${plain(folder.name)}'s sandbox${counts.held > 0 ? ` (${counts.held} held)` : ''}?`, {
      modal: true,
      detail: 'The sandbox\'s versions are discarded and it sees your folder again. Changes kept in the sandbox (ignored files) stay. This cannot be undone.',
    }, CHANGE_BUTTONS.reject);
    if (choice !== CHANGE_BUTTONS.reject) return;
    await this.report(folder, 'Rejected', await this.sets.get(folder).reject(waiting.map((e) => e.path)));
  }

  /** Accepts or rejects one hunk of a diff, bound to the content the diff was drawn from. */
  async decideHunk(folder: vscode.WorkspaceFolder, target: LensTarget, decision: 'accept' | 'reject'): Promise<void> {
    if (target.index === undefined || target.layerSha256 === null) throw new Error('the hunk to decide is missing');
    const workspace = this.sets.get(folder);
    const entry = this.documents.snapshot(folder, target.path)?.entry ?? workspace.current.entries.find((e) => e.path === target.path);
    if (!entry) {
      void vscode.window.showInformationMessage(`Clawdock: ${plain(target.path)} no longer differs from your folder.`);
      return;
    }
    if (decision === 'accept' && entry.held && !(await confirmHeld(entry, `Accepting hunk ${target.index + 1} writes it into your folder`))) return;
    const report = await workspace.review(target.path, {
      accepted: decision === 'accept' ? [target.index] : [],
      rejected: decision === 'reject' ? [target.index] : [],
      realSha256: target.realSha256,
      layerSha256: target.layerSha256,
      // Rejecting puts nothing into the folder; only an accept of a held file needs the confirmation above.
      confirmedHeld: entry.held,
    });
    const why = report.refused[0]?.reason;
    if (why && /changed .*since the review was opened/.test(why)) {
      void vscode.window.showWarningMessage(`Clawdock: ${plain(target.path)} changed since its diff was drawn; nothing was ${decision === 'accept' ? 'accepted' : 'rejected'}. It is shown again as it is now.`);
      await this.documents.open(folder, target.path);
      return;
    }
    if (why) {
      void vscode.window.showWarningMessage(plain(`Clawdock: ${target.path}: ${why}`));
      return;
    }
    await this.documents.refresh(folder, target.path);
  }

  /** Puts back the newest applied change of a folder. */
  async undoLast(folder: vscode.WorkspaceFolder): Promise<void> {
    const { entry } = await this.sets.withHistory(folder, (w) => w.undoLast());
    if (!entry) {
      void vscode.window.showInformationMessage(plain(`Clawdock: nothing to undo in ${folder.name}: no applied change is recorded.`));
      return;
    }
    void vscode.window.showInformationMessage(`Clawdock: undid the change applied ${formatTime(entry.at)} in ${plain(folder.name)}: ${describeApplied(entry)}.`);
  }

  /** Lists the folder's undo history, newest first; picking the newest offers to undo it. */
  async showHistory(folder: vscode.WorkspaceFolder): Promise<void> {
    const history = await this.sets.withHistory(folder, async (w) => w.history());
    if (history.length === 0) {
      void vscode.window.showInformationMessage(plain(`Clawdock: no applied change is recorded for ${folder.name}.`));
      return;
    }
    const newestFirst = [...history].reverse();
    const picked = await vscode.window.showQuickPick(newestFirst.map((entry, i) => ({ ...historyItem(entry, i === 0), entry })), {
      title: plain(`Changes applied to ${folder.name}, newest first`),
      placeHolder: 'Pick the newest to undo it (older ones are undone newest first)',
      matchOnDetail: true,
    });
    if (!picked) return;
    if (picked.entry !== newestFirst[0]) {
      void vscode.window.showInformationMessage('Clawdock: only the newest applied change can be undone; undo the newer ones first.');
      return;
    }
    const choice = await vscode.window.showWarningMessage(`Undo the change applied ${formatTime(picked.entry.at)}?`, { modal: true, detail: describeApplied(picked.entry) }, CHANGE_BUTTONS.undo);
    if (choice === CHANGE_BUTTONS.undo) await this.undoLast(folder);
  }

  private async report(folder: vscode.WorkspaceFolder, verb: 'Accepted' | 'Rejected', report: ApplyReport, bound?: LensTarget, left: readonly string[] = []): Promise<void> {
    if (report.applied.length > 0) {
      const names = report.applied.slice(0, 5).join(', ') + (report.applied.length > 5 ? ` and ${report.applied.length - 5} more` : '');
      const rest = left.length > 0 ? ` Left for you: ${left.join('; ')}.` : '';
      void vscode.window.showInformationMessage(plain(`Clawdock: ${verb} ${report.applied.length} change(s) in ${folder.name}: ${names}.${rest}`));
    }
    for (const r of report.refused.slice(0, 3)) void vscode.window.showWarningMessage(plain(`Clawdock: ${r.path} was not ${verb.toLowerCase()}: ${r.reason}`));
    if (bound && report.refused.some((r) => /changed in the sandbox/.test(r.reason))) await this.documents.open(folder, bound.path);
  }
}

/** Asks, in a modal that names the risk, before a held change reaches the folder. */
async function confirmHeld(entry: ChangeEntry, what: string): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(`${plain(entry.path)} is held: ${plain(entry.risk ?? 'the host runs or trusts this path')}.`, {
    modal: true,
    detail: plain(`${what}. The host (your editor, git or a shell) may run or trust what it holds, outside the sandbox. Read it first; Undo Last Applied Change puts the folder back.`),
  }, CHANGE_BUTTONS.acceptHeld);
  return choice === CHANGE_BUTTONS.acceptHeld;
}
