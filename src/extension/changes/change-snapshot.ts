// What a change's review shows, read once and kept: the real file as it is
// now and the sandbox's version, their hashes (a decision is bound to them:
// `ShadowWorkspace.review` refuses when either moved), and where each hunk's
// lenses go. Text that is not a small, valid UTF-8 file — binary content, a
// link, a folder, a mode change, a deletion — gets a description instead, and
// is accepted or rejected whole. Both sides are read host-side without
// following a link at the name (readHostFile); plain Node, tested beside.
import { lstatSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ChangeEntry } from '../../changes';
import { describeEntry, readHostFile } from '../../changes';
import { hashHostFile } from '../../changes/compute-changes';
import { visible } from '../../core/display';
import { sha256Hex } from '../../core/hash';
import { hunkLenses, type HunkLens } from './hunk-lenses';

/** Largest file shown as a text diff; a larger one is described and decided whole. */
export const MAX_DIFF_BYTES = 4 * 1024 * 1024;

/** A change as its review shows it. */
export type ChangeSnapshot = TextSnapshot | AboutSnapshot;

/** A text file's change: a diff with per-hunk decisions. */
export interface TextSnapshot {
  readonly view: 'diff';
  readonly entry: ChangeEntry;
  /** The real file now (null: there is none). */
  readonly real: string | null;
  readonly layer: string;
  readonly realSha256: string | null;
  readonly layerSha256: string;
  readonly hunks: readonly HunkLens[];
}

/** Any other change: a description, decided whole. */
export interface AboutSnapshot {
  readonly view: 'about';
  readonly entry: ChangeEntry;
  readonly text: string;
  /** The sandbox's content the description was made from (files), for binding an accept. */
  readonly layerSha256: string | null;
  readonly realSha256: string | null;
}

/** Where the two sides are read from. */
export interface SnapshotRoots {
  /** The real workspace folder. */
  readonly real: string;
  /** The shadow layer's upper folder. */
  readonly upper: string;
}

/** Reads a change for review. */
export function takeSnapshot(entry: ChangeEntry, roots: SnapshotRoots): ChangeSnapshot {
  const real = readSide(roots.real, entry.path);
  const realSha256 = real.state === 'file' ? sha256Hex(real.bytes) : (hashHostFile(join(roots.real, entry.path))?.sha256 ?? null);
  const textual = entry.type === 'file' && (entry.kind === 'added' || entry.kind === 'modified') && !entry.binary;
  if (!textual) return about(entry, realSha256, null, undefined);
  const layer = readSide(roots.upper, entry.path);
  if (layer.state !== 'file') return about(entry, realSha256, null, layer.state === 'unreadable' ? layer.why : 'the sandbox no longer has it');
  const layerSha256 = sha256Hex(layer.bytes);
  if (real.state === 'unreadable') return about(entry, realSha256, layerSha256, real.why);
  const layerText = utf8(layer.bytes);
  const realText = real.state === 'file' ? utf8(real.bytes) : null;
  if (layerText === undefined || realText === undefined) return about(entry, realSha256, layerSha256, 'it is not valid UTF-8 text, so it has no line diff');
  return { view: 'diff', entry, real: realText, layer: layerText, realSha256, layerSha256, hunks: hunkLenses(realText, layerText) };
}

/** The description document of a change that has no text diff. */
export function describeChange(entry: ChangeEntry, why?: string): string {
  const v = (s: string) => visible(s);
  const lines = [`Clawdock change: ${v(entry.path)}`, '', v(describeEntry(entry))];
  if (entry.type === 'symlink' && entry.linkTarget !== undefined) {
    lines.push(`${entry.kind === 'deleted' ? 'Link in your folder' : 'Link in the sandbox'} points to: ${v(entry.linkTarget)}`, '(Links are shown, never followed.)');
  }
  if (entry.mode) lines.push(`Permissions: ${octal(entry.mode.real)} in your folder → ${octal(entry.mode.layer)} in the sandbox`);
  if (entry.size !== undefined && entry.kind !== 'deleted') lines.push(`Size in the sandbox: ${entry.size} bytes`);
  if (entry.files !== undefined) lines.push(`Files in the folder: ${entry.files}`);
  if (entry.layerSha256) lines.push(`sha256 in the sandbox: ${entry.layerSha256}`);
  if (entry.realSha256) lines.push(`sha256 in your folder: ${entry.realSha256}`);
  lines.push('');
  if (entry.held) lines.push(`HELD: ${v(entry.risk ?? 'the host runs or trusts this path')}.`, 'Accepting it asks for its own confirmation.', '');
  if (entry.conflict) lines.push('CONFLICT: your folder\'s copy changed since the sandbox took its own; it is never overwritten. Reject the sandbox\'s version, or change your folder by hand.', '');
  if (entry.kind === 'special') lines.push('A pipe, socket or device is never copied into your folder; reject it to drop it from the sandbox.', '');
  lines.push(`${what(entry, why)} Accept or reject it whole (the lenses above, or the Changes view).`);
  return `${lines.join('\n')}\n`;
}

function about(entry: ChangeEntry, realSha256: string | null, layerSha256: string | null, why: string | undefined): AboutSnapshot {
  return { view: 'about', entry, text: describeChange(entry, why), layerSha256: layerSha256 ?? entry.layerSha256 ?? null, realSha256 };
}

function what(entry: ChangeEntry, why: string | undefined): string {
  if (why) return `No text diff: ${why}.`;
  if (entry.kind === 'deleted') return 'The sandbox deleted this; accepting deletes it from your folder.';
  if (entry.binary) return 'Binary content: no text diff.';
  if (entry.kind === 'mode') return 'Only the permissions changed.';
  if (entry.kind === 'type') return 'What is at this path changed kind (file, folder or link).';
  return 'This change has no text diff.';
}

type Side = { readonly state: 'absent' } | { readonly state: 'file'; readonly bytes: Buffer } | { readonly state: 'unreadable'; readonly why: string };

/** Reads one side without following a link at the name, nor a folder above it that is a link. */
function readSide(root: string, path: string): Side {
  const full = join(root, path);
  let st;
  try {
    st = lstatSync(full);
  } catch {
    return { state: 'absent' };
  }
  if (!st.isFile()) return { state: 'unreadable', why: 'it is not a regular file' };
  if (st.size > MAX_DIFF_BYTES) return { state: 'unreadable', why: `it is larger than ${MAX_DIFF_BYTES / 1024 / 1024} MB` };
  try {
    if (realpathSync(dirname(full)) !== join(realpathSync(root), dirname(path))) return { state: 'unreadable', why: 'a folder on its path is a link' };
  } catch {
    return { state: 'absent' };
  }
  const bytes = readHostFile(full, MAX_DIFF_BYTES);
  return bytes ? { state: 'file', bytes } : { state: 'unreadable', why: 'it could not be read' };
}

const DECODER = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function utf8(bytes: Buffer): string | undefined {
  try {
    return DECODER.decode(bytes);
  } catch {
    return undefined;
  }
}

function octal(mode: number | null): string {
  return mode === null ? 'none' : (mode & 0o7777).toString(8).padStart(3, '0');
}
