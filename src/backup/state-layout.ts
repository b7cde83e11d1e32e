// What of a state folder goes into a backup. An explicit list, not "the whole
// folder": plain secrets, device keys and link tokens stay out, and so does
// anything we do not know. Per workspace everything is named from its key
// (core/workspace-key.ts): audit/K, sessions/K, undo/K, state/audit-heads/K.json,
// shadow/clawdock-K (its change-set state and the upper layer — workspace
// content, not state: the sandbox's unreviewed work).
import type { BackupRoot } from './archive-format';

/** One path of a state folder that a backup takes (a file, or a folder taken whole). */
export interface LayoutItem {
  readonly path: string;
  readonly kind: 'file' | 'tree';
}

/** Files every backup of the CLI's home takes: settings, policy, the gateway's config and pairings, the encrypted vault. */
const HOME_SHARED: readonly LayoutItem[] = [
  { path: 'settings.json', kind: 'file' },
  { path: 'policy.json', kind: 'file' },
  { path: 'gateway.json', kind: 'file' },
  { path: 'secrets.vault', kind: 'file' },
  { path: 'gateway/pairing', kind: 'tree' },
];

/** What is left out on purpose, and why (the archive's header lists these). */
export const HOME_EXCLUDED: readonly { readonly path: string; readonly why: string }[] = [
  { path: 'secrets.json', why: 'secrets.json holds secrets in plain text (an old version\'s file); only the encrypted vault is backed up' },
  { path: 'openclaw', why: 'openclaw/device.json is this machine\'s private device key; a restored machine pairs again' },
  { path: 'gateway', why: 'gateway/*.link.json are per-run tokens and gateway/state is a chat offset; only gateway/pairing is backed up' },
];

/** The editor's global storage: the approval queue, and per workspace its audit log, sessions and audit head. */
const EDITOR_SHARED: readonly LayoutItem[] = [{ path: 'approvals.json', kind: 'file' }];

/** The paths of one workspace's state under a root. */
export function workspaceItems(root: BackupRoot, key: string): LayoutItem[] {
  if (root === 'editor') return [{ path: `audit/${key}`, kind: 'tree' }, { path: `sessions/${key}`, kind: 'tree' }, { path: `audit-heads/${key}.json`, kind: 'file' }];
  return [
    { path: `audit/${key}`, kind: 'tree' },
    { path: `state/audit-heads/${key}.json`, kind: 'file' },
    { path: `sessions/${key}`, kind: 'tree' },
    { path: `undo/${key}`, kind: 'tree' },
    { path: `shadow/clawdock-${key}/state.json`, kind: 'file' },
    { path: `shadow/clawdock-${key}/upper`, kind: 'tree' },
  ];
}

/** The paths every backup of a root takes. */
export function sharedItems(root: BackupRoot): readonly LayoutItem[] {
  return root === 'home' ? HOME_SHARED : EDITOR_SHARED;
}

/** Where the workspace keys of a root can be found (folder → how a name maps to a key). */
export function keySources(root: BackupRoot): readonly { readonly dir: string; readonly key: (name: string) => string | undefined }[] {
  const same = (name: string) => name;
  const json = (name: string) => (name.endsWith('.json') ? name.slice(0, -'.json'.length) : undefined);
  if (root === 'editor') return [{ dir: 'audit', key: same }, { dir: 'sessions', key: same }, { dir: 'audit-heads', key: json }];
  return [
    { dir: 'audit', key: same }, { dir: 'sessions', key: same }, { dir: 'undo', key: same }, { dir: 'state/audit-heads', key: json },
    { dir: 'shadow', key: (name) => (name.startsWith('clawdock-') ? name.slice('clawdock-'.length) : undefined) },
  ];
}

/** The audit head file of a workspace key under a root (what `verify` takes as `expectHead`). */
export function anchorPath(root: BackupRoot, key: string): string {
  return root === 'home' ? `state/audit-heads/${key}.json` : `audit-heads/${key}.json`;
}

/** A shadow layer's upper folder holds workspace content: its modes and owners are the workspace's, and links and deletions are allowed there only. */
export function isWorkspaceContent(root: BackupRoot, path: string): boolean {
  return root === 'home' && /^shadow\/clawdock-[^/]+\/upper(?:\/|$)/.test(path);
}

/** The workspace key of an audit day file's path (`audit/K/YYYY-MM-DD.jsonl`), if it is one. */
export function auditDayFileKey(path: string): string | undefined {
  return /^audit\/([^/]+)\/\d{4}-\d{2}-\d{2}\.jsonl$/.exec(path)?.[1];
}

/** Names inside trees that are never taken: lock files and temporary files of a writer at work. */
export function isTransient(name: string): boolean {
  return name.startsWith('.append.lock') || name.endsWith('.lock') || name.endsWith('.tmp');
}

/** Whether a path of an archive entry is one the layout could have produced (a restore writes nothing else). */
export function isLayoutPath(root: BackupRoot, path: string): boolean {
  const under = (item: LayoutItem) => path === item.path || (item.kind === 'tree' && path.startsWith(`${item.path}/`));
  if (sharedItems(root).some(under)) return true;
  const parents = root === 'home' ? ['gateway', 'state', 'state/audit-heads', 'audit', 'sessions', 'undo', 'shadow'] : ['audit', 'sessions', 'audit-heads'];
  if (parents.includes(path)) return true;
  const key = /^(?:audit|sessions|undo|audit-heads|state\/audit-heads|shadow)\/(?:clawdock-)?([^/]+?)(?:\.json)?(?:\/|$)/.exec(path)?.[1];
  if (key === undefined) return false;
  if (root === 'home' && path === `shadow/clawdock-${key}`) return true;
  return workspaceItems(root, key).some(under);
}
