// Every change applied to the real folder (accepted from the shadow layer,
// applied automatically, an approved edit, accepted hunks) is recorded with
// what it replaced, so it can be put back byte for byte. Content lives in a
// content-addressed blob folder; the history is bounded in bytes, oldest
// entries first to go.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../core/hash';
import { workspaceKey } from '../core/workspace-key';

/** What was (or is) at a path. */
export type UndoState =
  | { readonly kind: 'absent' }
  | { readonly kind: 'file'; readonly sha256: string; readonly mode: number }
  | { readonly kind: 'symlink'; readonly target: string }
  | { readonly kind: 'dir' };

/** One path of an applied change: what it replaced and what it put there. */
export interface UndoFile {
  readonly path: string;
  readonly before: UndoState;
  readonly after: UndoState;
}

/** How a change reached the folder. */
export type AppliedVia = 'shadow' | 'shadow-auto' | 'edit' | 'hunks';

/** One applied change. */
export interface UndoEntry {
  readonly id: string;
  /** Epoch ms. */
  readonly at: number;
  readonly via: AppliedVia;
  readonly files: readonly UndoFile[];
  /** Bytes of blobs this entry added. */
  readonly bytes: number;
}

/** The bounded undo history of one workspace. */
export class UndoHistory {
  private readonly index: string;
  private readonly blobs: string;

  constructor(private readonly dir: string, private readonly maxBytes: number) {
    this.index = join(dir, 'history.json');
    this.blobs = join(dir, 'blobs');
  }

  /** Stores a blob (the content a change replaced, or put in place) and returns its hash. */
  putBlob(content: Buffer): string {
    const sha = sha256Hex(content);
    mkdirSync(this.blobs, { recursive: true, mode: 0o700 });
    const path = join(this.blobs, sha);
    try {
      statSync(path);
    } catch {
      const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
      writeFileSync(temp, content, { mode: 0o600 });
      renameSync(temp, path);
    }
    return sha;
  }

  /** A stored blob; throws when it is gone (the history dropped it). */
  blob(sha256: string): Buffer {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    const data = readFileSync(join(this.blobs, sha256));
    if (sha256Hex(data) !== sha256) throw new Error(`the undo blob ${sha256.slice(0, 12)} is damaged`);
    return data;
  }

  /** Every entry, oldest first. */
  entries(): UndoEntry[] {
    try {
      const raw = JSON.parse(readFileSync(this.index, 'utf8')) as { v?: number; entries?: UndoEntry[] };
      return raw.v === 1 && Array.isArray(raw.entries) ? raw.entries : [];
    } catch {
      return [];
    }
  }

  /** Records an applied change; drops the oldest entries past the byte bound. */
  record(via: AppliedVia, files: readonly UndoFile[], bytes: number): UndoEntry {
    const entry: UndoEntry = { id: `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`, at: Date.now(), via, files, bytes };
    const all = [...this.entries(), entry];
    let total = all.reduce((n, e) => n + e.bytes, 0);
    while (all.length > 1 && total > this.maxBytes) total -= (all.shift() as UndoEntry).bytes;
    this.write(all);
    this.collect(all);
    return entry;
  }

  /** The newest entry, if any. */
  last(): UndoEntry | undefined {
    return this.entries().at(-1);
  }

  /** Removes an entry once it was undone. */
  remove(id: string): void {
    const all = this.entries().filter((e) => e.id !== id);
    this.write(all);
    this.collect(all);
  }

  private write(entries: readonly UndoEntry[]): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const temp = `${this.index}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temp, JSON.stringify({ v: 1, entries }), { mode: 0o600 });
    renameSync(temp, this.index);
  }

  // Blobs no entry names any more go.
  private collect(entries: readonly UndoEntry[]): void {
    const used = new Set<string>();
    for (const e of entries) for (const f of e.files) for (const s of [f.before, f.after]) if (s.kind === 'file') used.add(s.sha256);
    let names: string[];
    try {
      names = readdirSync(this.blobs);
    } catch {
      return;
    }
    for (const name of names) if (/^[0-9a-f]{64}$/.test(name) && !used.has(name)) rmSync(join(this.blobs, name), { force: true });
  }
}

/** A workspace's undo history: `undo/<workspace key>` under Clawdock's state folder, shared by the CLI and every window. */
export function undoHistoryFor(stateRoot: string, realPath: string, maxMb: number): UndoHistory {
  return new UndoHistory(join(stateRoot, 'undo', workspaceKey(realPath)), maxMb * 1024 * 1024);
}
