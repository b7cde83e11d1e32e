// The review of one change: a `vscode.diff` of two read-only documents (the
// real file as it is now on the left, the sandbox's version on the right)
// with Accept/Reject lenses per file and per hunk, or — for a change with no
// text diff — one description document with Accept/Reject on top. What is
// shown is a snapshot (change-snapshot.ts); every lens carries the hashes it
// was drawn from, so a decision about content that moved since is refused.
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ChangeEntry } from '../../changes';
import { visible } from '../../core/display';
import type { Logger } from '../../core/logger';
import type { ChangeSets } from './change-sets';
import { takeSnapshot, type ChangeSnapshot } from './change-snapshot';
import { CHANGE_SCHEME } from '../contribution-ids';
import { changeUri, folderKey, folderOfKey, parseChangeUri } from './change-uri';

/** Lens titles, exactly as e2e tests click them. */
export const CHANGE_LENS = {
  acceptFile: 'Accept file',
  rejectFile: 'Reject file',
  acceptHunk: 'Accept hunk',
  rejectHunk: 'Reject hunk',
  acceptChange: 'Accept change',
  rejectChange: 'Reject change',
} as const;

/** Command ids the lenses run. */
export const CHANGE_LENS_COMMANDS = {
  accept: 'clawdock.changes.accept',
  reject: 'clawdock.changes.reject',
  acceptHunk: 'clawdock.changes.acceptHunk',
  rejectHunk: 'clawdock.changes.rejectHunk',
} as const;

/** What a lens passes to its command: the change and the content it was drawn from. */
export interface LensTarget {
  readonly folder: string;
  readonly path: string;
  readonly realSha256: string | null;
  readonly layerSha256: string | null;
  /** A hunk lens: the hunk's index into computeHunks(real, layer). */
  readonly index?: number;
}

/** Whether a command argument is a lens target. */
export function isLensTarget(arg: unknown): arg is LensTarget {
  const t = arg as Partial<LensTarget> | undefined;
  return typeof t === 'object' && t !== null && typeof t.folder === 'string' && typeof t.path === 'string' && 'layerSha256' in t && 'realSha256' in t;
}

/** The documents and lenses of the changes under review. */
export class ChangeDocuments implements vscode.TextDocumentContentProvider, vscode.CodeLensProvider, vscode.Disposable {
  static readonly selector: vscode.DocumentSelector = { scheme: CHANGE_SCHEME };
  private readonly snapshots = new Map<string, { folder: vscode.WorkspaceFolder; snapshot: ChangeSnapshot }>();
  private readonly _onDidChange = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this._onDidChange.event;
  private readonly _onDidChangeCodeLenses = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this._onDidChangeCodeLenses.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly sets: ChangeSets, private readonly logger: Logger) {
    // Another command, a decision elsewhere or the CLI moved the set: what is open follows it.
    this.subscriptions.push(sets.onDidChange((folder) => void this.follow(folder)));
    // A change nobody looks at any more is forgotten (it is read again when opened).
    this.subscriptions.push(vscode.workspace.onDidCloseTextDocument((doc) => {
      const ref = parseChangeUri(doc.uri);
      if (!ref) return;
      const still = vscode.workspace.textDocuments.some((d) => {
        const other = parseChangeUri(d.uri);
        return d !== doc && other?.folder === ref.folder && other.path === ref.path;
      });
      if (!still) this.snapshots.delete(`${ref.folder}\n${ref.path}`);
    }));
  }

  /** The snapshot a change's documents show, if open. */
  snapshot(folder: vscode.WorkspaceFolder, path: string): ChangeSnapshot | undefined {
    return this.snapshots.get(snapshotKey(folder, path))?.snapshot;
  }

  /** Scans, reads the change afresh and shows it: the diff, or its description. */
  async open(folder: vscode.WorkspaceFolder, path: string): Promise<void> {
    const entry = (await this.sets.get(folder).list()).entries.find((e) => e.path === path);
    if (!entry) {
      void vscode.window.showInformationMessage(`Clawdock: ${visible(path, { plain: true })} no longer differs from your folder.`);
      await this.close(folder, path);
      return;
    }
    const snapshot = await this.take(folder, entry);
    const options: vscode.TextDocumentShowOptions = { preview: false };
    if (snapshot.view === 'about') {
      await vscode.window.showTextDocument(changeUri('about', folder, entry.path), options);
      return;
    }
    const flags = [entry.kind === 'added' ? 'new file' : `${snapshot.hunks.length} hunk(s)`, ...(entry.held ? ['HELD'] : []), ...(entry.conflict ? ['CONFLICT: against your file as it is now'] : [])];
    const title = `${visible(entry.path, { plain: true })} (your folder ↔ sandbox: ${flags.join(', ')})`;
    await vscode.commands.executeCommand('vscode.diff', changeUri('real', folder, entry.path), changeUri('layer', folder, entry.path), title, options);
  }

  /** Re-reads an open change after a decision; closes its documents when nothing of it is left. */
  async refresh(folder: vscode.WorkspaceFolder, path: string): Promise<void> {
    const state = this.sets.state(folder);
    const entry = state?.kind === 'set' ? state.set.entries.find((e) => e.path === path) : undefined;
    if (!entry) {
      this.snapshots.delete(snapshotKey(folder, path));
      await this.close(folder, path);
      return;
    }
    const before = this.snapshot(folder, path);
    const after = await this.take(folder, entry);
    // A change that now has (or lost) a text diff is shown the other way.
    if (before && before.view !== after.view) {
      await this.close(folder, path);
      await this.open(folder, path);
    }
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const ref = parseChangeUri(uri);
    const found = ref ? this.snapshots.get(`${ref.folder}\n${ref.path}`) : undefined;
    if (!ref || !found) return 'This change is no longer open for review: open it again from the Changes view.\n';
    const s = found.snapshot;
    if (ref.side === 'about') return s.view === 'about' ? s.text : '';
    if (s.view !== 'diff') return '';
    return ref.side === 'real' ? (s.real ?? '') : s.layer;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const ref = parseChangeUri(document.uri);
    if (!ref || ref.side === 'real') return [];
    const found = this.snapshots.get(`${ref.folder}\n${ref.path}`);
    if (!found) return [];
    const s = found.snapshot;
    const entry = s.entry;
    const target: LensTarget = { folder: ref.folder, path: entry.path, realSha256: s.realSha256, layerSha256: s.layerSha256 };
    const top = new vscode.Range(0, 0, 0, 0);
    const lens = (range: vscode.Range, title: string, command: string, arg: LensTarget, tooltip?: string) =>
      new vscode.CodeLens(range, { title, command, arguments: [arg], ...(tooltip ? { tooltip } : {}) });
    const note = (title: string, tooltip: string) => new vscode.CodeLens(top, { title: `$(warning) ${visible(title, { plain: true })}`, tooltip: visible(tooltip, { plain: true }), command: '' });
    const lenses: vscode.CodeLens[] = [];
    const diff = s.view === 'diff';
    // A conflict is never overwritten whole: only its hunks, each seen against the file as it is now.
    if (!entry.conflict && entry.kind !== 'special') lenses.push(lens(top, diff ? CHANGE_LENS.acceptFile : CHANGE_LENS.acceptChange, CHANGE_LENS_COMMANDS.accept, target));
    lenses.push(lens(top, diff ? CHANGE_LENS.rejectFile : CHANGE_LENS.rejectChange, CHANGE_LENS_COMMANDS.reject, target));
    if (entry.held) lenses.push(note(`held: ${entry.risk ?? 'host-executed'}`, 'Accepting it asks for its own confirmation.'));
    if (entry.conflict) lenses.push(note('conflict: your file changed', 'Your folder\'s copy changed since the sandbox took its own. Accept hunk by hunk against your file as it is now, or reject.'));
    if (s.view === 'diff') {
      const last = Math.max(0, document.lineCount - 1);
      for (const h of s.hunks) {
        const at = new vscode.Range(Math.min(h.line, last), 0, Math.min(h.line, last), 0);
        lenses.push(lens(at, CHANGE_LENS.acceptHunk, CHANGE_LENS_COMMANDS.acceptHunk, { ...target, index: h.index }), lens(at, CHANGE_LENS.rejectHunk, CHANGE_LENS_COMMANDS.rejectHunk, { ...target, index: h.index }));
      }
    }
    return lenses;
  }

  dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this._onDidChange.dispose();
    this._onDidChangeCodeLenses.dispose();
  }

  /** Reads a change and makes its open documents show it. */
  private async take(folder: vscode.WorkspaceFolder, entry: ChangeEntry): Promise<ChangeSnapshot> {
    const layout = await this.sets.layout(folder);
    const snapshot = takeSnapshot(entry, { real: folder.uri.fsPath, upper: layout.upper });
    this.snapshots.set(snapshotKey(folder, entry.path), { folder, snapshot });
    for (const side of ['real', 'layer', 'about'] as const) this._onDidChange.fire(changeUri(side, folder, entry.path));
    this._onDidChangeCodeLenses.fire();
    return snapshot;
  }

  /** Follows a scan: open changes are read again; gone ones are closed. */
  private async follow(folder: vscode.WorkspaceFolder): Promise<void> {
    for (const [k, open] of [...this.snapshots]) {
      if (open.folder.uri.toString() !== folder.uri.toString()) continue;
      const path = k.slice(k.indexOf('\n') + 1);
      const state = this.sets.state(folder);
      // A scan that failed says nothing about the change: keep showing it.
      if (state?.kind !== 'set') continue;
      const entry = state.set.entries.find((e) => e.path === path);
      const same = entry && sameEntry(entry, open.snapshot.entry);
      if (same) continue;
      await this.refresh(folder, path).catch((err: unknown) => this.logger.warn(`could not follow the change at ${path}: ${(err as Error).message}`));
    }
  }

  /** Closes the tabs showing a change. */
  private async close(folder: vscode.WorkspaceFolder, path: string): Promise<void> {
    const uris = new Set((['real', 'layer', 'about'] as const).map((side) => changeUri(side, folder, path).toString()));
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((tab) => {
      const input = tab.input;
      if (input instanceof vscode.TabInputTextDiff) return uris.has(input.modified.toString()) || uris.has(input.original.toString());
      if (input instanceof vscode.TabInputText) return uris.has(input.uri.toString());
      return false;
    });
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
  }
}

function snapshotKey(folder: vscode.WorkspaceFolder, path: string): string {
  return `${folderKey(folder)}\n${path}`;
}

/** Whether a scan's entry still describes what a snapshot showed (same content on both sides, same flags). */
function sameEntry(a: ChangeEntry, b: ChangeEntry): boolean {
  return a.kind === b.kind && a.type === b.type && a.held === b.held && a.conflict === b.conflict && a.kept === b.kept
    && (a.layerSha256 ?? null) === (b.layerSha256 ?? null) && (a.realSha256 ?? null) === (b.realSha256 ?? null)
    && a.linkTarget === b.linkTarget && a.mode?.layer === b.mode?.layer && a.mode?.real === b.mode?.real;
}

/** The folder of a lens target or URI, if it is still open in the window. */
export function folderOf(key: string): vscode.WorkspaceFolder | undefined {
  return folderOfKey(key);
}

/** The real file a change is about (for "Open File"). */
export function realFileUri(folder: vscode.WorkspaceFolder, path: string): vscode.Uri {
  return vscode.Uri.file(join(folder.uri.fsPath, path));
}
