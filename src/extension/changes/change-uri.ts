import * as vscode from 'vscode';
import { sha256Hex } from '../../core/hash';
import { CHANGE_SCHEME } from '../contribution-ids';

/** Which document of a change: the real file now, the sandbox's version, or the description of a change without a text diff. */
export type ChangeSide = 'real' | 'layer' | 'about';

/** A parsed change URI. */
export interface ChangeRef {
  readonly side: ChangeSide;
  /** The workspace folder's key (`folderKey`). */
  readonly folder: string;
  /** Workspace-relative POSIX path. */
  readonly path: string;
}

const SIDES: readonly ChangeSide[] = ['real', 'layer', 'about'];
/**
 * Ends a description's name, so the tab says what it is and the document is
 * plain text: a description of `tasks.json` is no JSON for a language server to flag.
 */
const ABOUT_SUFFIX = ' (about this change)';

/** A short key of a workspace folder for URIs (its index can change; its URI does not). */
export function folderKey(folder: vscode.WorkspaceFolder): string {
  return sha256Hex(folder.uri.toString()).slice(0, 12);
}

/** The folder of a key, among the window's folders. */
export function folderOfKey(key: string): vscode.WorkspaceFolder | undefined {
  return (vscode.workspace.workspaceFolders ?? []).find((f) => folderKey(f) === key);
}

/**
 * `clawdock-change:/layer/KEY/src/a.ts`: the path comes last so the tab and
 * the diff keep the file's name and language (a description's name says it is one).
 */
export function changeUri(side: ChangeSide, folder: vscode.WorkspaceFolder, path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: CHANGE_SCHEME, path: `/${side}/${folderKey(folder)}/${path}${side === 'about' ? ABOUT_SUFFIX : ''}` });
}

/** The side, folder key and path of a change URI, or undefined for any other URI. */
export function parseChangeUri(uri: vscode.Uri): ChangeRef | undefined {
  if (uri.scheme !== CHANGE_SCHEME) return undefined;
  const m = /^\/([a-z]+)\/([0-9a-f]{12})\/(.+)$/.exec(uri.path);
  if (!m || !(SIDES as readonly string[]).includes(m[1] as string)) return undefined;
  const side = m[1] as ChangeSide;
  const path = m[3] as string;
  if (side === 'about' && !path.endsWith(ABOUT_SUFFIX)) return undefined;
  return { side, folder: m[2] as string, path: side === 'about' ? path.slice(0, -ABOUT_SUFFIX.length) : path };
}
