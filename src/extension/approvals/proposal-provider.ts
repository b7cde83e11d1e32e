import * as vscode from 'vscode';
import type { ApprovalItem, EditProposalView } from '../../approvals';
import { labelSecretPlaceholders } from '../../core/display';
import { secretHostsLookup } from '../secrets/granted-secrets-setting';
import { describeStatus, renderCommandProposal } from './proposal-text';
import { PROPOSAL_SCHEME } from '../contribution-ids';
import { parseProposalUri } from './proposal-uri';

/** What the proposal documents are drawn from. */
export interface ProposalSource {
  get(id: string): ApprovalItem | undefined;
  editView(item: ApprovalItem): EditProposalView;
  /** Text of an explanation document opened by `Explain`. */
  explanation(id: string): string | undefined;
  now(): number;
}

/**
 * Serves the read-only `clawdock-proposal:` documents: a command proposal, the
 * proposal side of an edit (accepted and open hunks applied), an empty side for
 * a new file, and explanations. Fires a change when an item moves on so open
 * documents and their lenses follow.
 */
export class ProposalProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly _onDidChange = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this._onDidChange.event;

  constructor(private readonly source: ProposalSource) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const ref = parseProposalUri(uri);
    if (!ref) return '';
    if (ref.view === 'explain') return this.source.explanation(ref.id) ?? 'This explanation is no longer available.\n';
    if (ref.view === 'empty') return '';
    const item = this.source.get(ref.id);
    if (!item) return `Approval ${ref.id} is gone: it was answered or expired in an earlier session.\n`;
    // A bound secret's placeholder reads as its name and hosts (issue 16); the line count, and so the lenses, stay.
    if (ref.view === 'command') return labelSecretPlaceholders(renderCommandProposal(item, this.source.now()), secretHostsLookup);
    return this.source.editView(item).text;
  }

  /** Tells VS Code the documents of `id` changed. */
  refresh(id: string): void {
    for (const doc of vscode.workspace.textDocuments) {
      const ref = doc.uri.scheme === PROPOSAL_SCHEME ? parseProposalUri(doc.uri) : undefined;
      if (ref?.id === id) this._onDidChange.fire(doc.uri);
    }
  }

  /** The status line for titles and lenses. */
  status(item: ApprovalItem): string {
    return describeStatus(item, this.source.now());
  }

  dispose(): void {
    this._onDidChange.dispose();
  }
}
