// Each shadowed folder's change set in this window: one ShadowWorkspace per
// folder sandbox session, made as soon as the session is (so it sees every
// command's start, which is how a person's edit during a command becomes a
// conflict), rebuilt when the session or its settings change, and dropped
// with it. After each command it looks for new changes (and in
// `applyChanges: auto` applies the ordinary ones). The state and the undo
// history live in Clawdock's state folder, so the CLI sees the same set.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AgentChanges } from '../../agent/change-summary';
import { ShadowWorkspace, type ChangeSet } from '../../changes';
import { ownerCaller } from '../../core/caller';
import { clawdockHome } from '../../core/clawdock-home';
import { DisposableStore } from '../../core/disposable';
import { ClawdockError } from '../../core/errors';
import type { Sandbox } from '../../sandbox';
import { shadowLayout, type ShadowLayout } from '../../sandbox/shadow/shadow-volume';
import { identifyWorkspace } from '../../sandbox/workspace-identity';
import { readConfig } from '../config';
import type { Ctx } from '../ctx';

/** A folder's change set as last scanned, or why there is none. */
export type FolderChangeState =
  | { readonly kind: 'set'; readonly set: ChangeSet }
  /** The folder is not shadowed: commands write it directly. */
  | { readonly kind: 'not-shadowed'; readonly access: string }
  | { readonly kind: 'error'; readonly message: string };

/** One folder's ShadowWorkspace and what it was made from. */
interface FolderChanges {
  readonly folder: vscode.WorkspaceFolder;
  readonly sandbox: Sandbox;
  readonly workspace: ShadowWorkspace;
  /** The settings the ShadowWorkspace read at construction (protected paths, undo size). */
  readonly made: string;
  readonly store: DisposableStore;
  /** A scan after a command is queued and not started yet: later commands join it. */
  queued: boolean;
}

/** The window's change sets, by folder. */
export class ChangeSets implements vscode.Disposable {
  private readonly folders = new Map<string, FolderChanges>();
  private readonly states = new Map<string, FolderChangeState>();
  private readonly store = new DisposableStore();
  private readonly _onDidChange = new vscode.EventEmitter<vscode.WorkspaceFolder>();
  /** Fires when a folder's change set was scanned, accepted, rejected or undone. */
  readonly onDidChange: vscode.Event<vscode.WorkspaceFolder> = this._onDidChange.event;

  constructor(private readonly ctx: Ctx) {
    this.store.add(ctx.sandboxes.onDidChangeSessions(() => this.reconcile()));
    this.store.add(vscode.workspace.onDidChangeConfiguration((e) => {
      // The sandbox takes new settings in another listener: look once every listener ran.
      if (e.affectsConfiguration('clawdock.sandbox')) setTimeout(() => this.reconcile(true), 0);
    }));
    this.store.add(vscode.workspace.onDidChangeWorkspaceFolders(() => this.reconcile()));
    this.reconcile();
  }

  /** The folder's change set as last scanned (no scan), or undefined before the first. */
  state(folder: vscode.WorkspaceFolder): FolderChangeState | undefined {
    return this.states.get(key(folder));
  }

  /**
   * The folder's ShadowWorkspace, its sandbox session made when needed.
   * Throws naming the setting when the folder is not shadowed.
   */
  get(folder: vscode.WorkspaceFolder): ShadowWorkspace {
    const access = readConfig(folder).sandbox.workspaceAccess;
    if (access !== 'shadow') throw notShadowed(folder, access);
    this.ctx.sandboxes.get(folder);
    const found = this.ensure(folder);
    if (!found) throw notShadowed(folder, access);
    return found.workspace;
  }

  /** The folder's shadow layer on the host; throws when it is not shadowed. */
  async layout(folder: vscode.WorkspaceFolder): Promise<ShadowLayout> {
    this.get(folder);
    const layout = await this.ctx.sandboxes.get(folder).shadowLayout();
    if (!layout) throw notShadowed(folder, this.ctx.sandboxes.get(folder).currentSettings.workspaceAccess);
    return layout;
  }

  /**
   * Scans the folder's layer. A folder whose sandbox this window has not used
   * and which has no layer on disk is not scanned: nothing contacts the engine
   * for a folder nobody used.
   */
  async scan(folder: vscode.WorkspaceFolder): Promise<FolderChangeState> {
    let state: FolderChangeState;
    try {
      const access = readConfig(folder).sandbox.workspaceAccess;
      if (access !== 'shadow') state = { kind: 'not-shadowed', access };
      else if (!this.ctx.sandboxes.peek(folder) && !hasLayerOnDisk(folder)) state = { kind: 'set', set: { entries: [], truncated: false } };
      else state = { kind: 'set', set: await this.get(folder).list() };
    } catch (err) {
      state = { kind: 'error', message: err instanceof Error ? err.message : String(err) };
    }
    this.setState(folder, state);
    return state;
  }

  /** Scans after a command or an agent turn (recording what appeared; in `auto` mode applying ordinary changes). */
  async afterCommand(folder: vscode.WorkspaceFolder): Promise<(ChangeSet & { readonly autoApplied: readonly string[] }) | undefined> {
    const found = this.ensure(folder);
    if (!found) return undefined;
    const result = await found.workspace.afterCommand();
    if (result.autoApplied.length > 0) {
      this.ctx.logger.info(`[${folder.name}] applied automatically (clawdock.sandbox.applyChanges: auto): ${result.autoApplied.join(', ')} — Clawdock: Undo Last Applied Change puts them back`);
    }
    return result;
  }

  /** What the agent's loop asks after a command or a write: the folder's change set when shadowed, else an empty one. */
  agentChanges(folder: vscode.WorkspaceFolder): AgentChanges {
    return {
      afterCommand: async () => (await this.afterCommand(folder)) ?? { entries: [], truncated: false, autoApplied: [] },
    };
  }

  /**
   * For undo and the history in a folder that is not shadowed (approved edits
   * in `rw` are recorded too): a ShadowWorkspace for one operation, disposed after.
   */
  async withHistory<T>(folder: vscode.WorkspaceFolder, fn: (workspace: ShadowWorkspace) => Promise<T>): Promise<T> {
    if (readConfig(folder).sandbox.workspaceAccess === 'shadow') return fn(this.get(folder));
    const workspace = this.make(this.ctx.sandboxes.get(folder), folder);
    try {
      return await fn(workspace);
    } finally {
      workspace.dispose();
    }
  }

  /** Shadowed folders of the window (by their settings; their sandboxes need not exist yet). */
  shadowedFolders(): vscode.WorkspaceFolder[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => {
      try {
        return readConfig(f).sandbox.workspaceAccess === 'shadow';
      } catch {
        return false;
      }
    });
  }

  dispose(): void {
    for (const f of this.folders.values()) f.store.dispose();
    this.folders.clear();
    this.store.dispose();
    this._onDidChange.dispose();
  }

  private setState(folder: vscode.WorkspaceFolder, state: FolderChangeState): void {
    this.states.set(key(folder), state);
    this._onDidChange.fire(folder);
  }

  /** Makes, keeps or drops each folder's ShadowWorkspace to match its sandbox session and settings. */
  private reconcile(settingsChanged = false): void {
    const live = new Set<string>();
    for (const { folder } of this.ctx.sandboxes.all()) {
      if (this.ensure(folder)) live.add(key(folder));
    }
    for (const [k, f] of [...this.folders]) {
      if (live.has(k)) continue;
      f.store.dispose();
      this.folders.delete(k);
    }
    if (settingsChanged) for (const folder of vscode.workspace.workspaceFolders ?? []) void this.scan(folder);
  }

  private ensure(folder: vscode.WorkspaceFolder): FolderChanges | undefined {
    const sandbox = this.ctx.sandboxes.peek(folder);
    const k = key(folder);
    const existing = this.folders.get(k);
    if (!sandbox || sandbox.currentSettings.workspaceAccess !== 'shadow') {
      existing?.store.dispose();
      this.folders.delete(k);
      return undefined;
    }
    const made = madeFrom(sandbox);
    if (existing && existing.sandbox === sandbox && existing.made === made) return existing;
    existing?.store.dispose();
    const store = new DisposableStore();
    const workspace = store.add(this.make(sandbox, folder));
    const entry: FolderChanges = { folder, sandbox, workspace, made, store, queued: false };
    store.add(workspace.onDidChange((set) => this.setState(folder, { kind: 'set', set })));
    store.add(sandbox.onDidRunCommand(() => {
      if (entry.queued) return;
      entry.queued = true;
      void Promise.resolve().then(() => {
        entry.queued = false;
        return this.afterCommand(folder);
      }).catch((err: unknown) => this.ctx.logger.warn(`[${folder.name}] the change set could not be read after a command: ${(err as Error).message}`));
    }));
    this.folders.set(k, entry);
    return entry;
  }

  private make(sandbox: Sandbox, folder: vscode.WorkspaceFolder): ShadowWorkspace {
    return new ShadowWorkspace({
      sandbox,
      stateRoot: clawdockHome(),
      audit: { append: (event) => this.ctx.audit.record(folder, event) },
      caller: ownerCaller('editor'),
      logger: this.ctx.logger,
    });
  }
}

function key(folder: vscode.WorkspaceFolder): string {
  return folder.uri.toString();
}

/** The settings a ShadowWorkspace reads once, when made. */
function madeFrom(sandbox: Sandbox): string {
  const s = sandbox.currentSettings;
  return JSON.stringify([s.protectedPaths, s.undoHistoryMb]);
}

function notShadowed(folder: vscode.WorkspaceFolder, access: string): ClawdockError {
  return new ClawdockError(`${folder.name} is not shadowed (clawdock.sandbox.workspaceAccess is "${access}"): commands write the folder directly, so there is no change set to review`, {
    hint: 'set clawdock.sandbox.workspaceAccess to "shadow" for a change set',
  });
}

/** Whether the folder has a shadow layer where this window's sandbox would put it. */
function hasLayerOnDisk(folder: vscode.WorkspaceFolder): boolean {
  try {
    return existsSync(shadowLayout(join(clawdockHome(), 'shadow'), identifyWorkspace(folder.uri.fsPath)).upper);
  } catch {
    return false;
  }
}
