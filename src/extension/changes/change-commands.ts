// The change-set commands, from the palette, the Changes view (its title,
// inline and context menus), the change documents' lenses and title buttons.
// Each takes what its caller passes — a view element (and the selection), a
// lens target, a change document's URI — or, from the palette, asks.
import * as vscode from 'vscode';
import type { ChangeEntry } from '../../changes';
import { visible } from '../../core/display';
import type { CommandFactory, CommandTable } from '../commands/command';
import type { Ctx } from '../ctx';
import { pickFolder } from '../folders';
import { isLensTarget, type LensTarget } from './change-documents';
import { entriesUnder, entryDescription } from './change-tree';
import { folderOfKey, parseChangeUri } from './change-uri';
import { isViewElement, type ViewElement } from './changes-view';

/** Changes picked for a command, grouped by folder; `bound` when they came from a diff. */
interface Picked {
  readonly folder: vscode.WorkspaceFolder;
  readonly entries: readonly ChangeEntry[];
  readonly bound?: LensTarget;
}

function action(what: string, run: (ctx: Ctx, arg: unknown, rest: unknown[]) => Promise<void>): CommandFactory {
  return { enabled: (ctx) => (arg?: unknown, ...rest: unknown[]) => ctx.runAction(what, () => run(ctx, arg, rest)) };
}

/** The folder a whole-set command acts on: the element's, the only shadowed one, or the person's pick. */
async function setFolder(ctx: Ctx, arg: unknown, purpose: string): Promise<vscode.WorkspaceFolder | undefined> {
  if (isViewElement(arg)) return arg.folder;
  if (arg instanceof vscode.Uri) return vscode.workspace.getWorkspaceFolder(arg) ?? folderOfUri(arg);
  const shadowed = ctx.changes.sets.shadowedFolders();
  if (shadowed.length <= 1) return shadowed[0] ?? pickFolder(purpose);
  const active = vscode.window.activeTextEditor?.document.uri;
  const current = active && (vscode.workspace.getWorkspaceFolder(active) ?? folderOfUri(active));
  if (current && shadowed.includes(current)) return current;
  const picked = await vscode.window.showQuickPick(shadowed.map((folder) => ({ label: visible(folder.name, { plain: true }), folder })), { placeHolder: `Folder whose changes to ${purpose}` });
  return picked?.folder;
}

function folderOfUri(uri: vscode.Uri): vscode.WorkspaceFolder | undefined {
  const ref = parseChangeUri(uri);
  return ref ? folderOfKey(ref.folder) : undefined;
}

/** The changes a per-change command acts on. */
async function pickChanges(ctx: Ctx, arg: unknown, rest: unknown[], purpose: string): Promise<Picked[]> {
  if (isLensTarget(arg)) return fromPath(ctx, arg.folder, arg.path, arg);
  if (arg instanceof vscode.Uri) return fromUri(ctx, arg);
  if (isViewElement(arg)) {
    // A context-menu action on a selected row acts on the whole selection.
    const selection = Array.isArray(rest[0]) ? (rest[0] as unknown[]).filter(isViewElement) : [];
    const elements = selection.some((s) => sameElement(s, arg)) ? selection : [arg];
    const byFolder = new Map<string, Picked>();
    for (const element of elements) {
      if (element.type !== 'node') continue;
      const k = element.folder.uri.toString();
      const seen = byFolder.get(k);
      const entries = [...(seen?.entries ?? []), ...entriesUnder(element.node)];
      byFolder.set(k, { folder: element.folder, entries: [...new Map(entries.map((e) => [e.path, e])).values()] });
    }
    return [...byFolder.values()];
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && parseChangeUri(active)) return fromUri(ctx, active);
  return pickFromList(ctx, purpose);
}

async function fromUri(ctx: Ctx, uri: vscode.Uri): Promise<Picked[]> {
  const ref = parseChangeUri(uri);
  if (!ref) return [];
  const folder = folderOfKey(ref.folder);
  const snapshot = folder && ctx.changes.documents.snapshot(folder, ref.path);
  return fromPath(ctx, ref.folder, ref.path, snapshot ? { folder: ref.folder, path: ref.path, realSha256: snapshot.realSha256, layerSha256: snapshot.layerSha256 } : undefined);
}

async function fromPath(ctx: Ctx, key: string, path: string, bound: LensTarget | undefined): Promise<Picked[]> {
  const folder = folderOfKey(key);
  if (!folder) throw new Error('the folder of this change is no longer open in the window');
  const entry = (await ctx.changes.sets.get(folder).list()).entries.find((e) => e.path === path);
  if (!entry) {
    void vscode.window.showInformationMessage(`Clawdock: ${visible(path, { plain: true })} no longer differs from your folder.`);
    return [];
  }
  return [{ folder, entries: [entry], ...(bound ? { bound } : {}) }];
}

async function pickFromList(ctx: Ctx, purpose: string): Promise<Picked[]> {
  const items: Array<vscode.QuickPickItem & { folder: vscode.WorkspaceFolder; entry: ChangeEntry }> = [];
  for (const folder of ctx.changes.sets.shadowedFolders()) {
    const state = await ctx.changes.sets.scan(folder);
    if (state.kind !== 'set') continue;
    for (const entry of state.set.entries) {
      items.push({ label: visible(entry.path, { plain: true }), description: entryDescription(entry), detail: visible(folder.name, { plain: true }), folder, entry });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Clawdock: no changes wait in the sandbox.');
    return [];
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: `Change to ${purpose}`, matchOnDescription: true });
  return picked ? [{ folder: picked.folder, entries: [picked.entry] }] : [];
}

function sameElement(a: ViewElement, b: ViewElement): boolean {
  return a.folder.uri.toString() === b.folder.uri.toString() && a.type === 'node' && b.type === 'node' && a.node.id === b.node.id;
}

async function hunk(ctx: Ctx, arg: unknown, decision: 'accept' | 'reject'): Promise<void> {
  if (!isLensTarget(arg) || arg.index === undefined) throw new Error('the hunk to decide is missing');
  const folder = folderOfKey(arg.folder);
  if (!folder) throw new Error('the folder of this change is no longer open in the window');
  await ctx.changes.actions.decideHunk(folder, arg, decision);
}

/** Every change-set command, by id. */
export const CHANGE_COMMANDS: CommandTable = {
  'clawdock.changes.acceptAll': action('Accept All Changes', async (ctx, arg) => {
    const folder = await setFolder(ctx, arg, 'accept');
    if (folder) await ctx.changes.actions.acceptAll(folder);
  }),
  'clawdock.changes.rejectAll': action('Reject All Changes', async (ctx, arg) => {
    const folder = await setFolder(ctx, arg, 'reject');
    if (folder) await ctx.changes.actions.rejectAll(folder);
  }),
  'clawdock.changes.accept': action('Accept Change', async (ctx, arg, rest) => {
    for (const p of await pickChanges(ctx, arg, rest, 'accept')) await ctx.changes.actions.accept(p.folder, p.entries, p.bound);
  }),
  'clawdock.changes.reject': action('Reject Change', async (ctx, arg, rest) => {
    for (const p of await pickChanges(ctx, arg, rest, 'reject')) await ctx.changes.actions.reject(p.folder, p.entries);
  }),
  'clawdock.changes.openDiff': action('Open Change Diff', async (ctx, arg, rest) => {
    for (const p of await pickChanges(ctx, arg, rest, 'review')) {
      for (const e of p.entries.slice(0, 10)) await ctx.changes.documents.open(p.folder, e.path);
    }
  }),
  'clawdock.changes.acceptHunk': action('Accept Hunk', (ctx, arg) => hunk(ctx, arg, 'accept')),
  'clawdock.changes.rejectHunk': action('Reject Hunk', (ctx, arg) => hunk(ctx, arg, 'reject')),
  'clawdock.changes.refresh': action('Refresh Changes', async (ctx) => {
    await Promise.all((vscode.workspace.workspaceFolders ?? []).map((f) => ctx.changes.sets.scan(f)));
  }),
  'clawdock.undoLastAppliedChange': action('Undo Last Applied Change', async (ctx, arg) => {
    const folder = isViewElement(arg) ? arg.folder : await pickFolder('undo the last applied change in', arg instanceof vscode.Uri ? arg : undefined);
    if (folder) await ctx.changes.actions.undoLast(folder);
  }),
  'clawdock.showChangeHistory': action('Show Change History', async (ctx, arg) => {
    const folder = isViewElement(arg) ? arg.folder : await pickFolder('show the applied changes of', arg instanceof vscode.Uri ? arg : undefined);
    if (folder) await ctx.changes.actions.showHistory(folder);
  }),
};
