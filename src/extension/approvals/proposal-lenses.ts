import * as vscode from 'vscode';
import type { ApprovalItem, EditProposalView } from '../../approvals';
import { askedBy, editNotes } from '../../approvals';
import { neutraliseMarkup } from '../../core/display';
import { PROPOSAL_SCHEME } from '../contribution-ids';
import { parseProposalUri } from './proposal-uri';

/** Lens titles, exactly as e2e tests click them. */
export const LENS = {
  approve: 'Approve',
  approveAlways: 'Approve always',
  reject: 'Reject',
  explain: 'Explain',
  accept: 'Accept',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  /** Beside a hunk that changes only whitespace (after a warning icon). */
  whitespaceOnly: 'only whitespace changes',
} as const;

/** Command ids the lenses run; each takes the approval id (and a hunk index). */
export const LENS_COMMANDS = {
  approve: 'clawdock.approval.approve',
  approveAlways: 'clawdock.approval.approveAlways',
  reject: 'clawdock.approval.reject',
  explain: 'clawdock.approval.explain',
  acceptHunk: 'clawdock.approval.acceptHunk',
  rejectHunk: 'clawdock.approval.rejectHunk',
  acceptAll: 'clawdock.approval.acceptAll',
  rejectAll: 'clawdock.approval.rejectAll',
} as const;

/** What the lenses are drawn from. */
export interface LensSource {
  get(id: string): ApprovalItem | undefined;
  editView(item: ApprovalItem): EditProposalView;
  statusText(item: ApprovalItem): string;
}

/**
 * Code lenses on proposal documents only (`{ scheme: 'clawdock-proposal' }`):
 * `Approve · Approve always · Reject · Explain` on top of a command proposal;
 * `Accept all · Reject all` on top of an edit's proposal side and `Accept ·
 * Reject` above each open hunk. A finished item shows how it ended instead.
 */
export class ProposalLenses implements vscode.CodeLensProvider, vscode.Disposable {
  /** The selector the provider is registered for. */
  static readonly selector: vscode.DocumentSelector = { scheme: PROPOSAL_SCHEME };
  private readonly _onDidChangeCodeLenses = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this._onDidChangeCodeLenses.event;

  constructor(private readonly source: LensSource) {}

  refresh(): void {
    this._onDidChangeCodeLenses.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const ref = parseProposalUri(document.uri);
    if (!ref || (ref.view !== 'command' && ref.view !== 'edit')) return [];
    const item = this.source.get(ref.id);
    if (!item) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lens = (range: vscode.Range, title: string, command: string, ...args: unknown[]) => new vscode.CodeLens(range, { title, command, arguments: [item.id, ...args] });
    if (item.status !== 'pending') {
      // A lens title renders $(icons): the status (a person's note among it) is neutralised.
      return [new vscode.CodeLens(top, { title: `Clawdock: ${neutraliseMarkup(this.source.statusText(item))}`, command: '' }), ...(ref.view === 'command' ? [lens(top, LENS.explain, LENS_COMMANDS.explain)] : [])];
    }
    if (ref.view === 'command') {
      return [
        lens(top, LENS.approve, LENS_COMMANDS.approve),
        lens(top, LENS.approveAlways, LENS_COMMANDS.approveAlways),
        lens(top, LENS.reject, LENS_COMMANDS.reject),
        lens(top, LENS.explain, LENS_COMMANDS.explain),
      ];
    }
    const lenses = [lens(top, LENS.acceptAll, LENS_COMMANDS.acceptAll), lens(top, LENS.rejectAll, LENS_COMMANDS.rejectAll)];
    // Who asked, as every surface of an approval says.
    lenses.push(new vscode.CodeLens(top, { title: `$(person) asked by ${neutraliseMarkup(askedBy(item.caller))}`, tooltip: 'Who asked for this edit: the caller, their profile and the surface they came through', command: '' }));
    // What a person could miss in the diff, said on top (each note's sentence as its tooltip) and beside the hunk it is about.
    const notes = item.subject.kind === 'edit' ? editNotes(item.subject) : undefined;
    notes?.tags.forEach((tag, i) => lenses.push(new vscode.CodeLens(top, { title: `$(warning) ${tag}`, tooltip: notes.notes[i] ?? tag, command: '' })));
    const whitespaceOnly = new Set(notes?.whitespaceOnlyHunks ?? []);
    const last = Math.max(0, document.lineCount - 1);
    for (const { hunk, line } of this.source.editView(item).pending) {
      const at = new vscode.Range(Math.min(line, last), 0, Math.min(line, last), 0);
      lenses.push(lens(at, LENS.accept, LENS_COMMANDS.acceptHunk, hunk.index), lens(at, LENS.reject, LENS_COMMANDS.rejectHunk, hunk.index));
      if (whitespaceOnly.has(hunk.index)) lenses.push(new vscode.CodeLens(at, { title: `$(warning) ${LENS.whitespaceOnly}`, tooltip: 'This hunk changes only spaces, tabs or line endings; a re-indent can move a line into or out of a block.', command: '' }));
    }
    return lenses;
  }

  dispose(): void {
    this._onDidChangeCodeLenses.dispose();
  }
}
