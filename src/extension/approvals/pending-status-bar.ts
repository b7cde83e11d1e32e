import * as vscode from 'vscode';

/** `$(checklist) 2 approvals` in the status bar; hidden when nothing waits. Clicking lists them. */
export class PendingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('clawdock.pendingApprovals', vscode.StatusBarAlignment.Left, 49);

  constructor() {
    this.item.name = 'Clawdock Approvals';
    this.item.command = 'clawdock.showPendingApprovals';
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
  }

  /** Shows `count` pending approvals, or hides the item at 0. */
  update(count: number): void {
    if (count === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(checklist) ${count} approval${count === 1 ? '' : 's'}`;
    this.item.tooltip = `Clawdock: ${count} approval${count === 1 ? '' : 's'} waiting for you. Click to review.`;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
