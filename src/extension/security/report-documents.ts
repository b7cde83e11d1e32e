import * as vscode from 'vscode';
import { REPORT_SCHEME } from '../contribution-ids';

/**
 * Read-only documents with text Clawdock made (a report), by name; reopening a
 * name shows its newest text. The activation shell registers it for `clawdock-report`.
 */
export class ReportDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly _onDidChange = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this._onDidChange.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  /** Shows `text` as `name` (e.g. `Security audit — app.md`) beside the editor. */
  async show(name: string, text: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${name}` });
    this.texts.set(uri.path, text);
    this._onDidChange.fire(uri);
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }

  dispose(): void {
    this._onDidChange.dispose();
  }
}
