import { join } from 'node:path';
import * as vscode from 'vscode';
import { DisposableStore } from '../../core/disposable';
import type { ApprovalItem, EditProposalView } from '../../approvals';
import { approvalSummary, askedBy, EditReview, editNotes, JsonFileApprovalStore, readApprovalSettings, runApprovedCommand, workspaceEditFiles } from '../../approvals';
import { neutraliseMarkup, visible } from '../../core/display';
import { ownerCaller, type Caller, type Surface } from '../../core/caller';
import { ClawdockError } from '../../core/errors';
import { hostAccess, WorkspaceFs } from '../../sandbox';
import { editableFilesFor } from '../../changes';
import { clawdockHome } from '../../core/clawdock-home';
import { auditedCommandSandbox } from '../audit/audited-command-sandbox';
import { auditedEditFiles } from '../audit/audited-edit-files';
import { RoutedApprovalQueue } from '../audit/routed-approval-queue';
import { configSource, readConfig } from '../config';
import type { Ctx } from '../ctx';
import { EditDecorations } from './edit-decorations';
import { bundledWasmDir, FolderPolicies } from './folder-policies';
import { PendingStatusBar } from './pending-status-bar';
import { ProposalLenses } from './proposal-lenses';
import { ProposalProvider } from './proposal-provider';
import { describeOutcome } from './proposal-text';
import { proposalUri } from './proposal-uri';
import { runWithTranscript } from '../transcript-run';

/** Most characters of a proposal a notification shows (cut honestly, never beside an Approve button). */
const NOTIFICATION_CHARS = 300;

/**
 * The window's approvals: the queue (saved in the workspace's storage so it
 * survives a reload), the edit review, each folder's policy, the proposal
 * documents and their lenses, and the status bar count. Approved commands whose
 * requester is not waiting (proposed from the palette, or restored) run here.
 */
export class ApprovalHost implements vscode.Disposable {
  readonly queue: RoutedApprovalQueue;
  readonly review: EditReview;
  readonly policies: FolderPolicies;
  /** Settles once the items saved before a reload are back. */
  readonly ready: Promise<void>;
  /** The proposal documents' content (the activation shell registers it for `clawdock-proposal`). */
  readonly provider: ProposalProvider;
  private readonly lenses: ProposalLenses;
  private readonly statusBar = new PendingStatusBar();
  private readonly explanations = new Map<string, string>();
  private readonly disposables = new DisposableStore();

  constructor(private readonly ctx: Ctx) {
    const storage = ctx.extension.storageUri ?? ctx.extension.globalStorageUri;
    // Requested, answered and expired go to the item's folder's audit log before they take effect.
    this.queue = new RoutedApprovalQueue({
      store: new JsonFileApprovalStore(join(storage.fsPath, 'approvals.json')),
      timeoutSeconds: readApprovalSettings(configSource()).timeoutSeconds,
      logger: ctx.logger,
    }, (workspace, event) => ctx.audit.record(workspace, event));
    this.review = new EditReview(this.queue, (item) => {
      const folder = this.folderOf(item);
      // Each accepted write is recorded (file-change) before it touches the file.
      return auditedEditFiles(workspaceEditFiles(editableFilesFor(ctx.sandboxes.get(folder), clawdockHome())), (event) => ctx.audit.record(folder, event), { caller: item.caller, approvalId: item.id });
    });
    this.policies = new FolderPolicies(bundledWasmDir(ctx.extension.extensionPath), ctx.logger);
    const source = {
      get: (id: string) => this.queue.get(id),
      editView: (item: ApprovalItem) => this.editView(item),
      explanation: (id: string) => this.explanations.get(id),
      now: () => Date.now(),
      statusText: (item: ApprovalItem) => this.provider.status(item),
    };
    this.provider = new ProposalProvider(source);
    this.lenses = new ProposalLenses(source);
    const decorations = this.disposables.add(new EditDecorations(source));
    this.disposables.add(this.provider);
    this.disposables.add(this.lenses);
    this.disposables.add(this.statusBar);
    this.disposables.add(this.policies);
    this.disposables.add(vscode.languages.registerCodeLensProvider(ProposalLenses.selector, this.lenses));
    this.disposables.add(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('clawdock.approvals')) this.queue.setTimeoutSeconds(readApprovalSettings(configSource()).timeoutSeconds);
    }));
    this.queue.onDidChange(({ type, item }) => {
      this.provider.refresh(item.id);
      this.lenses.refresh();
      decorations.refresh();
      this.statusBar.update(this.queue.pending().length);
      if (type === 'resolved' && item.outcome) {
        ctx.logger.info(`approval ${item.id} (${approvalSummary(item)}): ${describeOutcome(item.outcome)}`);
        // Plain: a notification renders [text](command:…) as a link; nothing from a proposal may.
        if (item.outcome.status === 'expired') {
          void vscode.window.showWarningMessage(`Clawdock: an approval expired and counts as rejected — ${approvalSummary(item, { plain: true, limit: NOTIFICATION_CHARS })}, asked by ${neutraliseMarkup(askedBy(item.caller))}`);
        }
      }
    });
    this.queue.setHostExecutor((item) => this.runApproved(item));
    this.ready = this.restore();
  }

  private async restore(): Promise<void> {
    try {
      const restored = await this.queue.restore();
      this.statusBar.update(this.queue.pending().length);
      if (restored.length > 0) this.ctx.logger.info(`${restored.length} approval(s) still pending from before the reload`);
    } catch (err) {
      this.ctx.logger.warn(`pending approvals could not be restored: ${(err as Error).message}`);
    }
  }

  /** The proposal side of an edit item as it stands. */
  editView(item: ApprovalItem): EditProposalView {
    return this.review.view(item);
  }

  /** Opens an item beside the editor: the command proposal, or the diff of an edit. */
  async open(item: ApprovalItem): Promise<void> {
    // Beside the editor the person works in; in the editor area itself when none is open (not half of an empty area):
    // the wider the proposal, the less of it wraps.
    const options: vscode.TextDocumentShowOptions = { viewColumn: vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, preview: false };
    if (item.subject.kind === 'command') {
      const uri = proposalUri('command', item.id, 'Proposed command');
      // Shown already (the agent opens it when it asks): bring that one forward rather than open a second beside it.
      const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
      await vscode.window.showTextDocument(uri, shown?.viewColumn !== undefined ? { viewColumn: shown.viewColumn, preview: false } : options);
      return;
    }
    const subject = item.subject;
    const folder = this.folderOf(item);
    const left = subject.before === null ? proposalUri('empty', item.id, subject.path) : vscode.Uri.joinPath(folder.uri, subject.path);
    const right = proposalUri('edit', item.id, subject.path);
    const what = subject.before === null ? 'new file' : subject.after === null ? 'delete file' : `${item.hunks?.count ?? 0} hunk(s)`;
    // The title says what the diff could hide: whitespace-only hunks, line endings, invisible characters.
    const flags = [what, ...(subject.protectedPath ? ['protected path'] : []), ...editNotes(subject).tags];
    const title = `Clawdock proposal: ${visible(subject.path)} (${flags.join(', ')})`;
    await vscode.commands.executeCommand('vscode.diff', left, right, title, options);
  }

  /** The surface answers come through: the editor, unless the chat panel runs the same command. */
  private answeringSurface: Surface = 'editor';

  /** The owner, as seen through the surface an answer is coming from (for the audit). */
  private get owner(): Caller {
    return ownerCaller(this.answeringSurface);
  }

  /**
   * Runs `fn` (an approval command) with its answers attributed to `surface`: the
   * chat panel's buttons run the very commands the lenses run, and the audit says
   * which surface the owner used.
   */
  async answeringVia<T>(surface: Surface, fn: () => Thenable<T> | Promise<T>): Promise<T> {
    const previous = this.answeringSurface;
    this.answeringSurface = surface;
    try {
      return await fn();
    } finally {
      this.answeringSurface = previous;
    }
  }

  /** Approves a command item as the owner; an approved host item runs before this returns. */
  async approve(id: string, scope: 'once' | 'always'): Promise<void> {
    const result = await this.queue.answer(id, { verdict: 'approve', scope }, this.owner);
    if (!result.ok) throw new ClawdockError(`could not approve: ${result.reason}`);
    await result.hostRun;
  }

  /** Rejects an item (for an edit: every hunk still open) with an optional note for the agent. */
  async reject(id: string, note?: string): Promise<void> {
    const item = this.queue.get(id);
    const result = item?.kind === 'edit'
      ? await this.review.reject(id, this.owner, undefined, note)
      : await this.queue.answer(id, { verdict: 'reject', ...(note ? { note } : {}) }, this.owner);
    if (!result.ok) throw new ClawdockError(`could not reject: ${result.reason}`);
  }

  /** Accepts hunks of an edit (all open ones when omitted), writing exactly those. */
  async accept(id: string, indexes?: readonly number[]): Promise<void> {
    const result = await this.review.accept(id, this.owner, indexes);
    if (!result.ok) throw new ClawdockError(`could not accept: ${result.reason}`);
  }

  /** Rejects hunks of an edit. */
  async rejectHunks(id: string, indexes: readonly number[]): Promise<void> {
    const result = await this.review.reject(id, this.owner, indexes);
    if (!result.ok) throw new ClawdockError(`could not reject: ${result.reason}`);
  }

  /** Opens the explanation of an item's decision beside the editor. */
  async explain(id: string): Promise<void> {
    const item = this.queue.get(id);
    if (!item) throw new ClawdockError(`there is no approval ${id}`);
    this.showExplanation(id, item.decision.explanation ?? `${item.decision.decision} by ${item.decision.rule} (${item.decision.source})\n${item.decision.reasons.join('\n')}\n`);
  }

  /** Shows explanation text in a read-only document beside the editor. */
  showExplanation(key: string, text: string): void {
    this.explanations.set(key, text);
    const uri = proposalUri('explain', key, 'Explanation');
    this.provider.refresh(key);
    void vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }

  /** The workspace folder an item belongs to; throws when it left the window. */
  folderOf(item: Pick<ApprovalItem, 'workspace'>): vscode.WorkspaceFolder {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.fsPath === item.workspace);
    if (!folder) throw new ClawdockError(`the folder ${item.workspace} is not open in this window`, { hint: 'open it to answer its approvals' });
    return folder;
  }

  /** The host-side file guard of a folder, with its sandbox settings' access and protected paths. */
  workspaceFs(folder: vscode.WorkspaceFolder): WorkspaceFs {
    const { sandbox } = readConfig(folder);
    return new WorkspaceFs({ root: folder.uri.fsPath, access: hostAccess(sandbox.workspaceAccess), protectedPaths: sandbox.protectedPaths });
  }

  private async runApproved(item: ApprovalItem): Promise<void> {
    if (item.subject.kind !== 'command') return;
    const folder = this.folderOf(item);
    const sandbox = this.ctx.sandboxes.get(folder);
    const sink = await this.ctx.audit.sink(folder);
    const audited = auditedCommandSandbox(sandbox, sink, { caller: item.caller, approvalId: item.id, ...(item.toolCall.callId ? { callId: item.toolCall.callId } : {}) });
    await runWithTranscript(this.ctx, folder, item.subject.commandLine, (hooks) => runApprovedCommand(item, audited, hooks));
  }

  dispose(): void {
    this.queue.dispose();
    this.disposables.dispose();
  }
}
