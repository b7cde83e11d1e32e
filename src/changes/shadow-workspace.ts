// A shadowed workspace's change set, and the only ways its changes reach the
// real folder: accepted by the person (per file, per hunk, or all ordinary
// ones), applied automatically after a command in `applyChanges: auto`
// (ordinary changes only), or put back by undo. Rejecting drops a change from
// the sandbox's layer. Held (host-executed) paths need their own confirmation;
// a conflict (the person changed the real file meanwhile) is never overwritten.
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEvent } from '../audit';
import type { Caller } from '../core/caller';
import { ClawdockError } from '../core/errors';
import { sha256Hex } from '../core/hash';
import { Emitter, type Event } from '../core/event';
import type { Logger } from '../core/logger';
import { silentLogger } from '../core/logger';
import { compileProtectedPaths, type PathGlobs } from '../policy';
import { computeHunks, reviewedContent } from '../approvals';
import { WorkspaceFs, type CommandRun, type Sandbox, type ShadowLayout } from '../sandbox';
import type { ChangeEntry, ChangeSet } from './change-entry';
import { isBulkApplicable } from './change-entry';
import { loadState, saveState, type ChangeState } from './change-state';
import { computeChanges, fingerprint, hashHostFile, upperLayerView, type LayerView } from './compute-changes';
import { createKeepRules } from './keep-rules';
import { captureReal, undoEntry, undoFiles } from './real-folder';
import { undoHistoryFor, type AppliedVia, type UndoEntry, type UndoHistory, type UndoState } from './undo-history';

/** The sandbox as a change set uses it. */
export type ShadowSandbox = Pick<Sandbox, 'shadowLayout' | 'fs' | 'onDidRunCommand' | 'workspace' | 'currentSettings' | 'copyLayer'>;

/** Where accepted, rejected and undone changes are recorded. */
export interface ChangeAudit {
  append(event: AuditEvent): Promise<unknown>;
}

/** What a ShadowWorkspace needs. */
export interface ShadowWorkspaceOptions {
  readonly sandbox: ShadowSandbox;
  /** Clawdock's state folder; the undo history lives in `undo/<workspace key>` under it. */
  readonly stateRoot: string;
  readonly audit?: ChangeAudit;
  /** Who applies changes (the owner at the window or the terminal). */
  readonly caller: Caller;
  readonly logger?: Logger;
}

/** What an accept, reject or review did. */
export interface ApplyReport {
  readonly applied: readonly string[];
  readonly refused: readonly { readonly path: string; readonly reason: string }[];
}

/** Options of an accept. */
export interface AcceptOptions {
  /** The person confirmed each held (host-executed) path on its own. */
  readonly includeHeld?: boolean;
  /** The layer content the person reviewed, per path: a change that moved since is refused. */
  readonly expectedLayerSha256?: Readonly<Record<string, string | null | undefined>>;
  readonly via?: Extract<AppliedVia, 'shadow' | 'shadow-auto'>;
}

/** A per-hunk review of one file: hunks by index into computeHunks(real now, layer). */
export interface HunkReview {
  readonly accepted: readonly number[];
  readonly rejected: readonly number[];
  /** The contents the hunks were computed from; anything else is refused. */
  readonly realSha256: string | null;
  readonly layerSha256: string;
  /** The person confirmed a held path. */
  readonly confirmedHeld?: boolean;
}

const MAX_FILE_BYTES = 256 * 1024 * 1024;
const AUDIT_PATHS = 1_000;

/** One shadowed workspace's change set. */
export class ShadowWorkspace {
  private readonly realFs: WorkspaceFs;
  private readonly logger: Logger;
  private readonly undo: UndoHistory;
  private serial: Promise<unknown> = Promise.resolve();
  private sinceMs: number | undefined;
  private last: ChangeSet = { entries: [], truncated: false };
  private readonly subscription: { dispose(): void };

  private readonly _onDidChange = new Emitter<ChangeSet>();
  /** Fires with the new change set after a scan, accept, reject or undo. */
  readonly onDidChange: Event<ChangeSet> = this._onDidChange.event;

  constructor(private readonly options: ShadowWorkspaceOptions) {
    const root = options.sandbox.workspace.realPath;
    this.realFs = new WorkspaceFs({ root, access: 'rw', protectedPaths: options.sandbox.currentSettings.protectedPaths, maxReadBytes: MAX_FILE_BYTES, maxWriteBytes: MAX_FILE_BYTES });
    this.logger = options.logger ?? silentLogger;
    this.undo = undoHistoryFor(options.stateRoot, root, options.sandbox.currentSettings.undoHistoryMb);
    this.subscription = options.sandbox.onDidRunCommand((run: CommandRun) => {
      this.sinceMs = this.sinceMs === undefined ? run.startedAt : Math.min(this.sinceMs, run.startedAt);
    });
  }

  /** The change set as last computed (no scan). */
  get current(): ChangeSet {
    return this.last;
  }

  /** The undo history, oldest first. */
  history(): UndoEntry[] {
    return this.undo.entries();
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.serial.then(fn, fn);
    this.serial = next.catch(() => undefined);
    return next;
  }

  /** Scans the layer and returns the change set (an empty set when the workspace is not shadowed). */
  list(): Promise<ChangeSet> {
    return this.exclusive(() => this.scan());
  }

  /**
   * After a command (and at the end of an agent turn): scans, records what
   * appeared, and in `applyChanges: auto` applies the ordinary changes.
   */
  afterCommand(): Promise<ChangeSet & { readonly autoApplied: readonly string[] }> {
    return this.exclusive(async () => {
      const before = new Set(this.last.entries.map((e) => e.path));
      const set = await this.scan();
      const fresh = set.entries.filter((e) => !before.has(e.path));
      if (fresh.length > 0) {
        await this.record({ type: 'change-set', action: 'detected', ...pathsField(fresh.map((e) => e.path)), ...heldAndConflicts(fresh) });
      }
      if (this.options.sandbox.currentSettings.applyChanges !== 'auto') return { ...set, autoApplied: [] };
      const ordinary = set.entries.filter(isBulkApplicable).map((e) => e.path);
      if (ordinary.length === 0) return { ...set, autoApplied: [] };
      const report = await this.applyPaths(set, ordinary, { via: 'shadow-auto' });
      return { ...(await this.scan()), autoApplied: report.applied };
    });
  }

  /** Accepts changes by path: writes exactly the sandbox's bytes to the real folder and records the undo. */
  accept(paths: readonly string[], options: AcceptOptions = {}): Promise<ApplyReport> {
    return this.exclusive(async () => {
      const set = await this.scan();
      const report = await this.applyPaths(set, paths, options);
      await this.scan();
      return report;
    });
  }

  /**
   * Accepts every ordinary change (never held, kept or conflicting ones; held
   * ones only with `includeHeld`). With `confirmedDeletions`, a deletion is
   * taken only if the person confirmed that path: one that appeared since
   * (a command still running) waits for review instead.
   */
  acceptAll(options: { includeHeld?: boolean; confirmedDeletions?: ReadonlySet<string> } = {}): Promise<ApplyReport & { readonly skipped: readonly ChangeEntry[] }> {
    return this.exclusive(async () => {
      const set = await this.scan();
      const confirmed = (e: ChangeEntry) => e.kind !== 'deleted' || options.confirmedDeletions === undefined || options.confirmedDeletions.has(e.path);
      const take = set.entries.filter((e) => confirmed(e) && (isBulkApplicable(e) || (options.includeHeld === true && e.held && !e.kept && !e.conflict && e.kind !== 'special')));
      const report = await this.applyPaths(set, take.map((e) => e.path), { includeHeld: options.includeHeld === true, via: 'shadow' });
      await this.scan();
      return { ...report, skipped: set.entries.filter((e) => !take.includes(e)) };
    });
  }

  /** Rejects changes: the sandbox's layer is made to match the real folder again at each path. */
  reject(paths: readonly string[]): Promise<ApplyReport> {
    return this.exclusive(async () => {
      const set = await this.scan();
      const byPath = new Map(set.entries.map((e) => [e.path, e]));
      const applied: string[] = [];
      const refused: { path: string; reason: string }[] = [];
      const targets = paths.filter((p) => {
        if (byPath.has(p)) return true;
        refused.push({ path: p, reason: 'there is no change at this path' });
        return false;
      });
      if (targets.length > 0) await this.record({ type: 'change-set', action: 'rejected', ...pathsField(targets) });
      for (const path of targets) {
        try {
          await this.resetLayer(path);
          applied.push(path);
        } catch (error) {
          refused.push({ path, reason: (error as Error).message });
        }
      }
      await this.inSync(applied);
      await this.scan();
      return { applied, refused };
    });
  }

  /** Rejects every change in the set, held and kept ones included. */
  async rejectAll(): Promise<ApplyReport> {
    const set = await this.list();
    return this.reject(set.entries.map((e) => e.path));
  }

  /**
   * Decides some hunks of one text file: accepted hunks go to the real
   * folder, rejected ones are dropped from the sandbox's layer, undecided ones
   * stay as they are. Bound to the contents the hunks were computed from.
   */
  review(path: string, review: HunkReview): Promise<ApplyReport> {
    return this.exclusive(async () => {
      const set = await this.scan();
      const entry = set.entries.find((e) => e.path === path);
      if (!entry || entry.type !== 'file' || (entry.kind !== 'added' && entry.kind !== 'modified')) return refuse(path, 'there is no text change to review at this path');
      if (entry.binary) return refuse(path, 'a binary file is accepted or rejected whole');
      if (entry.held && !review.confirmedHeld) return refuse(path, `held for its own confirmation: ${entry.risk ?? 'host-executed'}`);
      const layer = await this.readLayer(await this.layout(), path);
      const realNow = hashHostFile(join(this.root, path));
      if (layer.sha256 !== review.layerSha256 || (realNow?.sha256 ?? null) !== review.realSha256) {
        return refuse(path, 'the file changed (in the sandbox or in your folder) since the review was opened; open it again');
      }
      const realText = realNow ? (await this.realFs.readBytes(path)).data.toString('utf8') : null;
      const layerText = layer.data.toString('utf8');
      const count = computeHunks(realText, layerText).hunks.length;
      const decided = new Set([...review.accepted, ...review.rejected]);
      if ([...decided].some((i) => !Number.isInteger(i) || i < 0 || i >= count)) return refuse(path, `the file has ${count} hunk(s); a hunk index is out of range`);
      const undecided = [...Array(count).keys()].filter((i) => !decided.has(i));
      if (review.accepted.length > 0) {
        const newReal = reviewedContent(realText, layerText, [...review.accepted]);
        const before = await captureReal(this.realFs, this.root, path, this.undo);
        const data = newReal === null ? null : Buffer.from(newReal, 'utf8');
        await this.record(fileChange(path, realNow?.sha256 ?? null, data, 'shadow', entry.held));
        if (data === null) await this.realFs.remove(path, { allowProtected: entry.held });
        else await this.realFs.write(path, data, { allowProtected: entry.held, createParents: true, expectedSha256: realNow?.sha256 ?? null, mode: layer.mode });
        this.undo.record('hunks', undoFiles(before.states, this.root, new Map(data ? [[path, sha256Hex(data)]] : [])), before.bytes + (data?.length ?? 0));
        await this.rebase([path]);
      }
      if (review.rejected.length > 0) {
        const newLayer = reviewedContent(realText, layerText, [...review.accepted, ...undecided]);
        await this.record({ type: 'change-set', action: 'rejected', paths: [path], total: 1 });
        if (newLayer === null) await this.options.sandbox.fs({ action: 'remove', path: `/workspace/${path}`, recursive: true });
        else await this.options.sandbox.fs({ action: 'write', path: `/workspace/${path}`, data: Buffer.from(newLayer, 'utf8').toString('base64'), mode: layer.mode, createParents: true });
      }
      // Every hunk decided: the sandbox's file and the folder's agree again.
      if (undecided.length === 0) await this.inSync([path]);
      await this.scan();
      return { applied: [path], refused: [] };
    });
  }

  /**
   * Undoes the newest applied change: the real folder gets back exactly what
   * it held before. An accepted change then waits for review again (the
   * sandbox keeps its version); an automatically applied one leaves the
   * sandbox too, so the next command does not apply it straight back.
   * Refused when a file changed again since.
   */
  undoLast(): Promise<{ readonly entry: UndoEntry | undefined; readonly restored: readonly string[] }> {
    return this.exclusive(async () => {
      const entry = this.undo.last();
      if (!entry) return { entry: undefined, restored: [] };
      const order = await undoEntry(entry, this.realFs, this.root, this.undo, (e) => this.record(e));
      await this.rebase(order.map((f) => f.path));
      // What was applied automatically leaves the sandbox too, or the next command would apply it again;
      // what the person accepted goes back to waiting for review, nothing of the sandbox's work lost.
      if (entry.via === 'shadow-auto' && this.options.sandbox.currentSettings.workspaceAccess === 'shadow') {
        for (const f of order) await this.resetLayer(f.path).catch((error: unknown) => this.logger.warn(`undo: the sandbox's copy of ${f.path} could not follow: ${(error as Error).message}`));
        await this.inSync(order.map((f) => f.path));
      } else if ((await this.options.sandbox.shadowLayout())?.kind === 'copy') {
        await (await this.options.sandbox.copyLayer())?.markPending(order.map((f) => f.path));
      }
      this.undo.remove(entry.id);
      await this.record({ type: 'change-set', action: 'undone', ...pathsField(entry.files.map((f) => f.path)) });
      await this.scan().catch(() => undefined);
      return { entry, restored: entry.files.map((f) => f.path) };
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this._onDidChange.dispose();
  }

  private get root(): string {
    return this.options.sandbox.workspace.realPath;
  }

  private async layout(): Promise<ShadowLayout> {
    const layout = await this.options.sandbox.shadowLayout();
    if (!layout) throw new ClawdockError('this workspace is not shadowed (clawdock.sandbox.workspaceAccess is not "shadow")');
    return layout;
  }

  /** The sandbox's bytes at a path: the overlay's upper folder read on the host (never through a link), or the copy through the container. */
  private async readLayer(layout: ShadowLayout, path: string): Promise<{ data: Buffer; sha256: string; mode: number }> {
    if (layout.kind === 'copy') {
      const copy = await this.options.sandbox.copyLayer();
      if (!copy) throw new ClawdockError('the copied workspace is not available');
      return copy.read(path, MAX_FILE_BYTES);
    }
    const fs = new WorkspaceFs({ root: layout.upper, access: 'ro', protectedPaths: [], maxReadBytes: MAX_FILE_BYTES, maxWriteBytes: MAX_FILE_BYTES });
    return fs.readBytes(path);
  }

  /**
   * Clawdock's own write to the folder (an accepted hunk, an undo) is not a
   * person's edit: the paths' real entries as Clawdock just left them become
   * their base, so what still waits is not shown as a conflict, and a
   * person's edit after this moment still is. Both writes were bound to the
   * folder's content first, so no edit is lost.
   */
  private async rebase(paths: readonly string[]): Promise<void> {
    const layout = await this.options.sandbox.shadowLayout();
    if (!layout || paths.length === 0) return;
    const state = loadState(layout.stateFile);
    for (const path of paths) state.paths[path] = { base: fingerprint(join(this.root, path)) };
    try {
      saveState(layout.stateFile, state);
    } catch (error) {
      this.logger.warn(`could not save the change-set state ${layout.stateFile}: ${(error as Error).message}`);
    }
  }

  /** Tells a copy layer that these paths match the folder again (an overlay compares with the folder by itself). */
  private async inSync(paths: readonly string[]): Promise<void> {
    if (paths.length === 0) return;
    const copy = (await this.options.sandbox.shadowLayout())?.kind === 'copy' ? await this.options.sandbox.copyLayer() : undefined;
    await copy?.markInSync(paths);
  }

  private async layerView(layout: ShadowLayout): Promise<LayerView> {
    if (layout.kind === 'overlay') return upperLayerView(layout.upper);
    const copy = await this.options.sandbox.copyLayer();
    if (!copy) throw new ClawdockError('the copied workspace is not available');
    return { entries: () => copy.entries(), hash: (files) => copy.hash(files.map((f) => f.path)), hidesByOpacity: false };
  }

  private protectedMatcher(): PathGlobs {
    return compileProtectedPaths(this.options.sandbox.currentSettings.protectedPaths);
  }

  private async scan(): Promise<ChangeSet> {
    const layout = await this.options.sandbox.shadowLayout();
    if (!layout) {
      this.last = { entries: [], truncated: false };
      return this.last;
    }
    const settings = this.options.sandbox.currentSettings;
    let state: ChangeState;
    try {
      state = loadState(layout.stateFile);
    } catch {
      state = loadState('');
    }
    let set: ChangeSet;
    try {
      set = await computeChanges({
        layer: await this.layerView(layout),
        realRoot: this.root,
        protectedPaths: this.protectedMatcher(),
        keep: createKeepRules(this.root, settings.keepInSandbox, settings.keepGitIgnoredInSandbox),
        probe: async (paths) => (await this.options.sandbox.fs({ action: 'lstat', paths })) as (object | null)[],
        state,
        ...(this.sinceMs !== undefined ? { sinceMs: this.sinceMs } : {}),
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') set = { entries: [], truncated: false };
      else throw error;
    }
    this.sinceMs = undefined;
    try {
      saveState(layout.stateFile, state);
    } catch (error) {
      this.logger.warn(`could not save the change-set state ${layout.stateFile}: ${(error as Error).message}`);
    }
    this.last = set;
    this._onDidChange.fire(set);
    return set;
  }

  private async applyPaths(set: ChangeSet, paths: readonly string[], options: AcceptOptions): Promise<ApplyReport> {
    const byPath = new Map(set.entries.map((e) => [e.path, e]));
    const layout = await this.layout();
    const applied: string[] = [];
    const refused: { path: string; reason: string }[] = [];
    const before: { path: string; state: UndoState }[] = [];
    const after = new Map<string, string>();
    let bytes = 0;
    const via = options.via ?? 'shadow';
    for (const path of paths) {
      const e = byPath.get(path);
      const why = e ? refusal(e, options) : 'there is no change at this path';
      if (why) {
        refused.push({ path, reason: why });
        continue;
      }
      const entry = e as ChangeEntry;
      try {
        const captured = await captureReal(this.realFs, this.root, path, this.undo);
        let data: Buffer | null = null;
        let mode: number | undefined;
        if (entry.type === 'file' && entry.kind !== 'deleted') {
          const read = await this.readLayer(layout, path);
          if (entry.layerSha256 && read.sha256 !== entry.layerSha256) throw new ClawdockError('it changed in the sandbox while it was being applied; list the changes again');
          data = read.data;
          mode = read.mode;
        }
        await this.record(fileChange(path, entry.realSha256 ?? null, data, via, entry.held));
        await this.applyEntry(entry, data, mode);
        before.push(...captured.states);
        bytes += captured.bytes + (data?.length ?? 0);
        if (data) after.set(path, sha256Hex(data));
        applied.push(path);
      } catch (error) {
        refused.push({ path, reason: (error as Error).message });
      }
    }
    if (before.length > 0) this.undo.record(via, undoFiles(before, this.root, after), bytes);
    await this.inSync(applied);
    return { applied, refused };
  }

  private async applyEntry(entry: ChangeEntry, data: Buffer | null, mode: number | undefined): Promise<void> {
    const allowProtected = entry.held;
    const real = fingerprint(join(this.root, entry.path));
    const clear = async () => {
      if (real?.type === 'dir') await this.realFs.removeTree(entry.path, { allowProtected });
      else if (real !== null) await this.realFs.remove(entry.path, { allowProtected });
    };
    if (entry.kind === 'deleted') return clear();
    if (entry.kind === 'type') await clear();
    if (entry.kind === 'mode' && entry.mode?.layer !== undefined && entry.mode.layer !== null) {
      return this.realFs.chmod(entry.path, entry.mode.layer, { allowProtected });
    }
    switch (entry.type) {
      case 'file':
        await this.realFs.write(entry.path, data ?? Buffer.alloc(0), {
          allowProtected, createParents: true, ...(mode !== undefined ? { mode } : {}), ...(entry.kind === 'type' ? {} : { expectedSha256: entry.realSha256 ?? null }),
        });
        return;
      case 'symlink':
        return this.realFs.symlink(entry.path, entry.linkTarget ?? '', { allowProtected });
      case 'dir':
        return this.realFs.mkdir(entry.path, { allowProtected });
      default:
        throw new ClawdockError('a special file is never copied into your folder');
    }
  }

  /** Makes the sandbox's layer match the real folder at one path (through the container, which has it mounted). */
  private async resetLayer(path: string): Promise<void> {
    const fs = (request: Parameters<ShadowSandbox['fs']>[0]) => this.options.sandbox.fs(request);
    const target = `/workspace/${path}`;
    const real = fingerprint(join(this.root, path));
    const [inLayer] = (await fs({ action: 'lstat', paths: [target] })) as ({ type: string } | null)[];
    if (inLayer && (real === null || inLayer.type !== real.type)) await fs({ action: 'remove', path: target, recursive: true });
    if (real === null) {
      // Folders the sandbox made only to hold what was just dropped go with it (when empty).
      const parts = path.split('/');
      for (let i = parts.length - 1; i > 0; i--) {
        const parent = parts.slice(0, i).join('/');
        if (fingerprint(join(this.root, parent)) !== null) break;
        const listing = (await fs({ action: 'list', path: `/workspace/${parent}`, limit: 1 }).catch(() => null)) as { entries: unknown[] } | null;
        if (!listing || listing.entries.length > 0) break;
        await fs({ action: 'remove', path: `/workspace/${parent}` });
      }
      return;
    }
    const copy = async (rel: string): Promise<void> => {
      const fp = fingerprint(join(this.root, rel));
      const at = `/workspace/${rel}`;
      if (!fp) return;
      if (fp.type === 'dir') {
        await fs({ action: 'mkdir', path: at, mode: fp.mode & 0o777 });
        for (const name of readdirSync(join(this.root, rel))) await copy(`${rel}/${name}`);
      } else if (fp.type === 'symlink') {
        await fs({ action: 'symlink', path: at, target: readlinkSync(join(this.root, rel)) });
      } else if (fp.type === 'file') {
        const r = await this.realFs.readBytes(rel);
        await fs({ action: 'write', path: at, data: r.data.toString('base64'), mode: r.mode, createParents: true });
      }
    };
    await copy(path);
  }

  private async record(event: AuditEvent): Promise<void> {
    if (this.options.audit) await this.options.audit.append({ ...event, caller: { ...this.options.caller } } as AuditEvent);
  }
}

function refuse(path: string, reason: string): ApplyReport {
  return { applied: [], refused: [{ path, reason }] };
}

function refusal(e: ChangeEntry, options: AcceptOptions): string | undefined {
  if (e.conflict) return 'your folder\'s copy changed since the sandbox took its own: reject the sandbox\'s version, or review it hunk by hunk against your current file';
  if (e.kind === 'special') return e.risk ?? 'a special file is never copied into your folder';
  if (e.held && options.includeHeld !== true) return `held for its own confirmation: ${e.risk ?? 'the host runs or trusts this path'}`;
  const expected = options.expectedLayerSha256?.[e.path];
  if (expected !== undefined && expected !== (e.layerSha256 ?? null)) return 'it changed in the sandbox since you reviewed it; review it again';
  return undefined;
}

function pathsField(paths: readonly string[]): { paths: string[]; total: number } {
  return { paths: paths.slice(0, AUDIT_PATHS).map((p) => p.slice(0, 4096)), total: paths.length };
}

function heldAndConflicts(entries: readonly ChangeEntry[]): { held?: string[]; conflicts?: string[] } {
  const held = entries.filter((e) => e.held).map((e) => e.path).slice(0, AUDIT_PATHS);
  const conflicts = entries.filter((e) => e.conflict).map((e) => e.path).slice(0, AUDIT_PATHS);
  return { ...(held.length > 0 ? { held } : {}), ...(conflicts.length > 0 ? { conflicts } : {}) };
}

function fileChange(path: string, beforeSha256: string | null, data: Buffer | null, via: AppliedVia | 'undo', held: boolean, afterSha?: string | null): AuditEvent {
  const after = afterSha !== undefined ? afterSha : data === null ? null : sha256Hex(data);
  return {
    type: 'file-change', path, beforeSha256, afterSha256: after, bytes: data?.length ?? 0,
    via: via === 'hunks' ? 'shadow' : via === 'edit' ? 'edit' : via,
    ...(held ? { held: true } : {}),
  } as AuditEvent;
}
