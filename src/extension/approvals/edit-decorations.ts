// Marks, on the proposal side of an edit's diff, the hunks that change only
// whitespace: the diff view may be set to hide such changes (a user's own
// `diffEditor.ignoreTrimWhitespace`), and a re-indent can move a line into or
// out of a block. Whatever the diff shows, these lines are highlighted and say why.
import * as vscode from 'vscode';
import type { ApprovalItem, EditProposalView } from '../../approvals';
import { editNotes } from '../../approvals';
import { DisposableStore } from '../../core/disposable';
import { parseProposalUri } from './proposal-uri';

/** What the decorations are drawn from. */
export interface EditDecorationSource {
  get(id: string): ApprovalItem | undefined;
  editView(item: ApprovalItem): EditProposalView;
}

/** The text shown after the first line of a whitespace-only hunk. */
export const WHITESPACE_ONLY_MARK = 'only whitespace changed here (indentation, spacing or line endings)';

/** Highlights whitespace-only hunks in every visible proposal side of an edit. */
export class EditDecorations implements vscode.Disposable {
  private readonly store = new DisposableStore();
  private readonly type = this.store.add(vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.insertedLineBackground'),
    border: '1px dashed',
    borderColor: new vscode.ThemeColor('editorWarning.foreground'),
    overviewRulerColor: new vscode.ThemeColor('editorWarning.foreground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  }));

  constructor(private readonly source: EditDecorationSource) {
    this.store.add(vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()));
    // The proposal side is re-read after a hunk is decided: mark its new lines.
    this.store.add(vscode.workspace.onDidChangeTextDocument((e) => {
      if (parseProposalUri(e.document.uri)?.view === 'edit') this.refresh();
    }));
  }

  /** Redraws the marks of every visible proposal side (after an item changed, or editors did). */
  refresh(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const ref = parseProposalUri(editor.document.uri);
      if (ref?.view !== 'edit') continue;
      const item = this.source.get(ref.id);
      editor.setDecorations(this.type, item && item.status === 'pending' ? this.marks(item, editor.document.lineCount) : []);
    }
  }

  private marks(item: ApprovalItem, lineCount: number): vscode.DecorationOptions[] {
    if (item.subject.kind !== 'edit') return [];
    const only = new Set(editNotes(item.subject).whitespaceOnlyHunks);
    const last = Math.max(0, lineCount - 1);
    return this.source.editView(item).pending.filter(({ hunk }) => only.has(hunk.index)).map(({ hunk, line }) => {
      const first = Math.min(line, last);
      const end = Math.min(last, first + Math.max(1, hunk.newLines) - 1);
      return {
        range: new vscode.Range(first, 0, end, 0),
        hoverMessage: `Hunk ${hunk.index + 1} changes ${WHITESPACE_ONLY_MARK.replace(/ here/, '')}.`,
        renderOptions: { after: { contentText: `  ⟵ ${WHITESPACE_ONLY_MARK}`, color: new vscode.ThemeColor('editorWarning.foreground') } },
      };
    });
  }

  dispose(): void {
    this.store.dispose();
  }
}
