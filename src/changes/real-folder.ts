// Reading and restoring entries of the real folder for the undo history: what
// is at a path now (kept as a blob), and putting a recorded state back
// through the host-side guard.
import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEvent } from '../audit';
import { ClawdockError } from '../core/errors';
import type { WorkspaceFs } from '../sandbox';
import { hashHostFile } from './compute-changes';
import type { UndoEntry, UndoFile, UndoHistory, UndoState } from './undo-history';

/** What is at a path of the real folder now, its content stored as a blob; folders expand to every entry inside. */
export async function captureReal(realFs: WorkspaceFs, realRoot: string, path: string, history: UndoHistory): Promise<{ states: { path: string; state: UndoState }[]; bytes: number }> {
  const states: { path: string; state: UndoState }[] = [];
  let bytes = 0;
  const visit = async (rel: string): Promise<void> => {
    let st;
    try {
      st = lstatSync(join(realRoot, rel));
    } catch {
      states.push({ path: rel, state: { kind: 'absent' } });
      return;
    }
    if (st.isSymbolicLink()) states.push({ path: rel, state: { kind: 'symlink', target: readlinkSync(join(realRoot, rel)) } });
    else if (st.isDirectory()) {
      states.push({ path: rel, state: { kind: 'dir' } });
      for (const name of readdirSync(join(realRoot, rel)).sort()) await visit(`${rel}/${name}`);
    } else if (st.isFile()) {
      const r = await realFs.readBytes(rel);
      bytes += r.data.length;
      states.push({ path: rel, state: { kind: 'file', sha256: history.putBlob(r.data), mode: r.mode } });
    }
  };
  await visit(path);
  return { states, bytes };
}

/** The state of one path now, without expanding folders or storing anything (for "after" records). */
export function stateNow(realRoot: string, path: string, sha256?: string): UndoState {
  try {
    const st = lstatSync(join(realRoot, path));
    if (st.isSymbolicLink()) return { kind: 'symlink', target: readlinkSync(join(realRoot, path)) };
    if (st.isDirectory()) return { kind: 'dir' };
    return { kind: 'file', sha256: sha256 ?? '', mode: st.mode & 0o777 };
  } catch {
    return { kind: 'absent' };
  }
}

/** Pairs captured "before" states with what is there after, for one undo record. */
export function undoFiles(before: readonly { path: string; state: UndoState }[], realRoot: string, afterSha: ReadonlyMap<string, string>): UndoFile[] {
  const paths = new Set(before.map((b) => b.path));
  const files: UndoFile[] = before.map((b) => ({ path: b.path, before: b.state, after: stateNow(realRoot, b.path, afterSha.get(b.path)) }));
  for (const [path, sha] of afterSha) if (!paths.has(path)) files.push({ path, before: { kind: 'absent' }, after: stateNow(realRoot, path, sha) });
  return files;
}

/** Puts one recorded state back at its path (folders first, deepest removals last, is the caller's order). */
export async function restoreState(realFs: WorkspaceFs, realRoot: string, file: UndoFile, history: UndoHistory): Promise<void> {
  const allowProtected = true; // an undo restores exactly what the owner's folder held before
  const now = stateNow(realRoot, file.path);
  const target = file.before;
  if (target.kind === 'absent') {
    if (now.kind === 'dir') await realFs.removeTree(file.path, { allowProtected });
    else if (now.kind !== 'absent') await realFs.remove(file.path, { allowProtected });
    return;
  }
  if (now.kind !== 'absent' && now.kind !== target.kind) {
    if (now.kind === 'dir') await realFs.removeTree(file.path, { allowProtected });
    else await realFs.remove(file.path, { allowProtected });
  }
  if (target.kind === 'dir') await realFs.mkdir(file.path, { allowProtected });
  else if (target.kind === 'symlink') await realFs.symlink(file.path, target.target, { allowProtected });
  else await realFs.write(file.path, history.blob(target.sha256), { allowProtected, createParents: true, mode: target.mode });
}

/**
 * Puts the real folder back to what it held before `entry` was applied, byte
 * for byte, recording each restored file (`file-change` via undo) before it is
 * written. Refused, with nothing changed, when a file changed again since.
 * Returns the files in the order they were restored.
 */
export async function undoEntry(entry: UndoEntry, realFs: WorkspaceFs, realRoot: string, history: UndoHistory, record: (event: AuditEvent) => Promise<void>): Promise<UndoFile[]> {
  for (const f of entry.files) {
    if (!sameState(stateNow(realRoot, f.path, hashHostFile(join(realRoot, f.path))?.sha256), f.after)) {
      throw new ClawdockError(`cannot undo: ${f.path} changed again after the change was applied`, { hint: 'undo it by hand, or look at the history' });
    }
  }
  const depth = (f: UndoFile) => f.path.split('/').length;
  // What goes away first, deepest first; then what comes back, folders before what goes in them.
  const removals = entry.files.filter((f) => f.before.kind === 'absent').sort((a, b) => depth(b) - depth(a));
  const restores = entry.files.filter((f) => f.before.kind !== 'absent').sort((a, b) => depth(a) - depth(b));
  const order = [...removals, ...restores];
  for (const f of order) {
    const beforeSha = f.before.kind === 'file' ? f.before.sha256 : null;
    await record({
      type: 'file-change', path: f.path, beforeSha256: f.after.kind === 'file' && f.after.sha256 ? f.after.sha256 : null, afterSha256: beforeSha,
      bytes: beforeSha ? history.blob(beforeSha).length : 0, via: 'undo',
    } as AuditEvent);
    await restoreState(realFs, realRoot, f, history);
  }
  return order;
}

function sameState(a: UndoState, b: UndoState): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'file' && b.kind === 'file') return a.sha256 === b.sha256;
  if (a.kind === 'symlink' && b.kind === 'symlink') return a.target === b.target;
  return true;
}
