import { constants, fstatSync, writeSync } from 'node:fs';
import { chmod, lstat, mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Disposable } from '../core/disposable';
import { ClawdockError } from '../core/errors';
import { Emitter, type Event } from '../core/event';
import { silentLogger, type Logger } from '../core/logger';
import { withAppendLock } from './append-lock';
import { AuditEventError } from './audit-event-error';
import { dayOf, workspaceAuditDir } from './audit-paths';
import { AuditWriteError } from './audit-write-error';
import { readChainHead, type ChainHead } from './chain-head';
import { systemClock, type Clock } from '../core/clock';
import { AUDIT_FORMAT_VERSION, sealEntry, serializeEntry, type AuditEntry } from './entry';
import { auditEventSchema, type AuditEvent } from './events';
import type { Redactor } from './redact/redactor';

/** What an AuditLog needs: where, which workspace, the one redactor, and a clock. */
export interface AuditLogOptions {
  /** The audit root (extension global storage, or `defaultAuditRoot()` for the CLI). */
  readonly root: string;
  /** The workspace's folder name under the root (`auditWorkspaceKey(realPath)`). */
  readonly workspaceKey: string;
  readonly redactor: Redactor;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /**
   * When the newest file ends in a torn line, move those bytes to a side file,
   * record that in the log, and go on. Off by default: a person decides.
   */
  readonly repairTornTail?: boolean;
}

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
/** A line appended with `appendBatched` is fsynced with the next `append`, or after this long at the latest. */
const BATCH_SYNC_MS = 200;
const OPEN_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW;

/**
 * A workspace's hash-chained audit log (DESIGN.md, audit contract): JSON
 * Lines, one file per UTC day, each line chained to the one before, also
 * across files. `append` resolves only once the line is on disk, so a caller
 * that awaits it before acting never acts unrecorded.
 */
export class AuditLog implements Disposable {
  private readonly _onDidAppend = new Emitter<AuditEntry>();
  /** Fires after each line is on disk, with the (already redacted) entry; the Output channel mirrors from here. */
  readonly onDidAppend: Event<AuditEntry> = this._onDidAppend.event;

  private queue: Promise<unknown> = Promise.resolve();
  private handle: FileHandle | undefined;
  private handleDay: string | undefined;
  /** Size of the open file as this writer last left it; anything else means another writer appended. */
  private size = 0;
  /** Lines written to the open file that no fsync has covered yet (appendBatched). */
  private unsynced = false;
  private syncTimer: ReturnType<typeof setTimeout> | undefined;
  private broken: Error | undefined;
  private closed = false;

  private constructor(
    /** The folder holding this workspace's day files. */
    readonly dir: string,
    private readonly redactor: Redactor,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private head: ChainHead,
  ) {}

  /** Opens (creating private folders as needed) and recovers the chain's head from the newest file. */
  static async open(options: AuditLogOptions): Promise<AuditLog> {
    const dir = workspaceAuditDir(options.root, options.workspaceKey);
    const clock = options.clock ?? systemClock;
    try {
      await ensurePrivateDir(options.root, dir);
    } catch (error) {
      throw asWriteError(error, dir, 'open');
    }
    const { head, repaired } = await readChainHead(dir, options.repairTornTail ? { now: clock.now() } : undefined);
    const log = new AuditLog(dir, options.redactor, clock, options.logger ?? silentLogger, head);
    if (repaired) await log.append(repaired);
    return log;
  }

  /** `seq` of the newest line this writer knows of (0 for an empty log). */
  get seq(): number {
    return this.head.seq;
  }

  /**
   * The newest line's seq and hash. Keep it outside the audit folder (the
   * extension's state) and pass it to verify as `expectHead`: then lines cut off
   * the end, or a removed newest file, are found too.
   */
  get headAnchor(): { readonly seq: number; readonly hash: string } {
    return { seq: this.head.seq, hash: this.head.hash };
  }

  /**
   * Redacts, validates, appends and fsyncs one event, then resolves with the
   * written entry. Appends are serialised in call order (and across processes
   * by a lock file). Throws AuditEventError for a malformed event and
   * AuditWriteError when the line cannot be made durable; either way the
   * caller must not act.
   */
  append(event: AuditEvent): Promise<AuditEntry> {
    return this.enqueue(event, true);
  }

  /**
   * Like `append`, for a line about what has already happened (how a command
   * ended): written in order at once, made durable by the next `append`'s
   * fsync (a group commit) or within BATCH_SYNC_MS, whichever comes first.
   * A line that cannot be written or synced breaks the log: every later append
   * refuses, so the next action does not run unrecorded. Never use it for a
   * line that must be on disk before an action.
   */
  appendBatched(event: AuditEvent): Promise<AuditEntry> {
    return this.enqueue(event, false);
  }

  /** Lets the appends already asked for finish, syncs what is pending, then closes the file. Appends asked for later fail. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    await this.syncPending();
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    this._onDidAppend.dispose();
  }

  dispose(): void {
    void this.close();
  }

  private enqueue(event: AuditEvent, durable: boolean): Promise<AuditEntry> {
    if (this.closed) return Promise.reject(new AuditWriteError(this.dir, typeof event?.type === 'string' ? event.type : 'unknown', 'ECLOSED'));
    const run = this.queue.then(() => this.write(event, durable));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(event: AuditEvent, durable: boolean): Promise<AuditEntry> {
    const type = typeof event?.type === 'string' ? event.type : 'unknown';
    if (this.broken) throw new AuditWriteError(this.dir, type, (this.broken as NodeJS.ErrnoException).code, this.broken);
    const redacted = await this.redact(event);
    const checked = auditEventSchema.safeParse(redacted);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new AuditEventError(type, `${issue?.path.join('.') || 'event'}: ${issue?.message ?? 'invalid'}`);
    }
    let file = this.dir;
    let entry: AuditEntry;
    try {
      entry = await withAppendLock(
        this.dir,
        async () => {
          const now = this.clock.now();
          // A clock stepping back over midnight keeps writing the newer file: day files must stay in order.
          const day = this.handleDay && dayOf(now) < this.handleDay ? this.handleDay : dayOf(now);
          file = join(this.dir, `${day}.jsonl`);
          const handle = await this.fileFor(day, file);
          return this.appendLine(handle, day, now, checked.data, durable);
        },
        this.clock,
      );
    } catch (error) {
      const failure = asWriteError(error, file, type);
      // Nobody awaits a batched line: refuse what comes next instead, so no action runs unrecorded.
      if (!durable) this.broken ??= failure;
      throw failure;
    }
    if (!durable) this.scheduleSync();
    try {
      this._onDidAppend.fire(entry);
    } catch (error) {
      // The line is on disk; a failing mirror must not turn a recorded action into a refused one.
      this.logger.warn(`audit listener failed: ${(error as Error).message}`);
    }
    return entry;
  }

  /** A batched line gets its fsync in the queue (so it cannot race a file change), unless an append covers it first. */
  private scheduleSync(): void {
    if (this.syncTimer) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      this.queue = this.queue.then(() => this.syncPending());
    }, BATCH_SYNC_MS);
    this.syncTimer.unref?.();
  }

  /** Fsyncs lines written without one; a failure breaks the log (their bytes may be lost, and later lines chain onto them). */
  private async syncPending(): Promise<void> {
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    if (!this.unsynced || !this.handle) return;
    try {
      await this.handle.datasync();
      this.unsynced = false;
    } catch (error) {
      this.broken ??= error instanceof Error ? error : new Error(String(error));
      this.logger.error(`audit: lines written to ${this.dir} could not be synced (${this.broken.message}); later appends are refused`);
    }
  }

  /** Both redaction passes; if the secretlint pass itself fails, the built-in rules' result still goes out. */
  private async redact(event: AuditEvent): Promise<AuditEvent> {
    try {
      return await this.redactor.redactValueAsync(event);
    } catch (error) {
      this.logger.warn(`audit: the secretlint pass failed (${(error as Error).message}); recorded with the built-in rules only`);
      return this.redactor.redactValue(event);
    }
  }

  private async appendLine(handle: FileHandle, day: string, now: number, event: AuditEvent, durable: boolean): Promise<AuditEntry> {
    // Small synchronous calls on the open file: each async one costs a thread-pool round trip, and
    // this is the path every command waits on (issue 11: the audited exec at full speed).
    const { size } = fstatSync(handle.fd);
    if (size !== this.size) {
      // Another writer (the CLI next to the extension) appended: chain onto its last line.
      this.head = (await readChainHead(this.dir)).head;
      this.size = size;
    }
    const entry = sealEntry({
      v: AUDIT_FORMAT_VERSION,
      seq: this.head.seq + 1,
      ts: new Date(now).toISOString(),
      prev: this.head.hash,
      ...(size === 0 && this.head.day !== undefined && this.head.day !== day ? { prevDay: this.head.day } : {}),
      event,
    });
    const bytes = Buffer.from(serializeEntry(entry) + '\n', 'utf8');
    const before = this.size;
    try {
      for (let off = 0; off < bytes.length; ) {
        const written = writeSync(handle.fd, bytes, off, bytes.length - off);
        off += written;
        this.size += written;
      }
      if (durable) {
        // One fsync covers this line and every batched line before it (a group commit).
        await handle.datasync();
        this.unsynced = false;
      } else {
        this.unsynced = true;
      }
    } catch (error) {
      await this.undoPartialWrite(handle, before, error);
      throw error;
    }
    this.head = { seq: entry.seq, hash: entry.hash, day };
    return entry;
  }

  private async fileFor(day: string, file: string): Promise<FileHandle> {
    if (this.handle && this.handleDay === day) return this.handle;
    await this.syncPending(); // batched lines of the previous day's file are made durable before it is let go
    if (this.broken) throw this.broken;
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    this.handleDay = undefined;
    const handle = await open(file, OPEN_FLAGS, FILE_MODE);
    try {
      const st = await handle.stat();
      if (!st.isFile()) throw Object.assign(new Error(`${file} is not a regular file`), { code: 'EFTYPE' });
      if ((st.mode & 0o777) !== FILE_MODE) await handle.chmod(FILE_MODE);
      if (st.size === 0) await syncDir(this.dir); // the new file's name must survive a crash too
      // A new file: another writer may have appended to the previous one since we last looked.
      this.head = (await readChainHead(this.dir)).head;
      this.size = st.size;
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    this.handle = handle;
    this.handleDay = day;
    return handle;
  }

  /** A write that failed half way leaves a torn line: cut it off, or refuse every later append. */
  private async undoPartialWrite(handle: FileHandle, before: number, cause: unknown): Promise<void> {
    if (this.size === before) return;
    try {
      await handle.truncate(before);
      await handle.datasync();
      this.size = before;
    } catch {
      this.broken = cause instanceof Error ? cause : new Error(String(cause));
    }
  }
}

/** Every failure to make a line durable reaches the caller as one class, with the cause attached. */
function asWriteError(error: unknown, file: string, eventType: string): AuditWriteError {
  if (error instanceof AuditWriteError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? (error instanceof ClawdockError ? error.name : undefined);
  return new AuditWriteError(file, eventType, code, error);
}

async function ensurePrivateDir(root: string, dir: string): Promise<void> {
  try {
    await mkdir(root, { recursive: true, mode: DIR_MODE });
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
  } catch (error) {
    // mkdir -p says EEXIST when a file sits where a folder should be: name that plainly.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw Object.assign(new Error(`a file is in the way of ${dir}`), { code: 'ENOTDIR' });
    throw error;
  }
  const st = await lstat(dir);
  if (!st.isDirectory()) throw Object.assign(new Error(`${dir} is not a folder`), { code: 'ENOTDIR' });
  if ((st.mode & 0o777) !== DIR_MODE) await chmod(dir, DIR_MODE);
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
