import * as vscode from 'vscode';
import { DisposableStore } from '../../core/disposable';
import { readConfig } from '../config';
import type { Ctx } from '../ctx';
import { ChangeActions } from './change-actions';
import { ChangeDocuments } from './change-documents';
import { ChangeSets } from './change-sets';
import { waitingCounts } from './change-tree';
import { ChangesView, type ViewElement } from './changes-view';

/**
 * The shadow workspace in the editor (issue 9): each folder's change set, the
 * Changes view, the change documents with their lenses, and the actions the
 * commands run. Owned by Ctx for the extension's lifetime; each folder's
 * ShadowWorkspace lives as long as its sandbox session.
 */
export class ChangesHost implements vscode.Disposable {
  readonly sets: ChangeSets;
  readonly documents: ChangeDocuments;
  readonly view: ChangesView;
  readonly actions: ChangeActions;
  private readonly store = new DisposableStore();

  /** `tree` is the Changes view the activation shell created; the shell also registers `documents` for the `clawdock-change` scheme. */
  constructor(private readonly ctx: Ctx, tree: vscode.TreeView<ViewElement>) {
    this.sets = this.store.add(new ChangeSets(ctx));
    this.documents = this.store.add(new ChangeDocuments(this.sets, ctx.logger));
    this.store.add(vscode.languages.registerCodeLensProvider(ChangeDocuments.selector, this.documents));
    this.view = this.store.add(new ChangesView(this.sets, () => ctx.trusted, tree));
    this.actions = new ChangeActions(this.sets, this.documents);
  }

  /**
   * After an agent turn or one of its commands: the folder's change set,
   * scanned (so what the agent wrote is found), as counts for the chat
   * panel's card; undefined when the folder is not shadowed or its sandbox
   * was never used.
   */
  async waitingAfterTurn(folder: vscode.WorkspaceFolder): Promise<{ readonly waiting: number; readonly held: number } | undefined> {
    try {
      if (readConfig(folder).sandbox.workspaceAccess !== 'shadow' || !this.ctx.sandboxes.peek(folder)) return undefined;
      const set = await this.sets.afterCommand(folder);
      return set ? waitingCounts(set.entries) : undefined;
    } catch (err) {
      this.ctx.logger.warn(`[${folder.name}] the change set could not be read after the agent's turn: ${(err as Error).message}`);
      return undefined;
    }
  }

  dispose(): void {
    this.store.dispose();
  }
}
