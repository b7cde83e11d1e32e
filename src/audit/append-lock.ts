import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { systemClock, type Clock } from '../core/clock';

const LOCK = '.append.lock';
const MARKER_PREFIX = '.append.lock.takeover-';

/** A lock whose holder we cannot check (another host, a live pid) is taken to be left behind after this long; a hold lasts one write and fsync. */
const STALE_AFTER_MS = 30_000;
/** A lock created but never written: its writer died between the two. */
const STALE_EMPTY_AFTER_MS = 2_000;
/** Give up (and refuse the append) after waiting this long. */
const GIVE_UP_AFTER_MS = 5_000;
/** Takeover markers are swept after this long; by then no waiter still acts on what it read before. */
const MARKER_KEEP_MS = 60_000;

/** Who holds a lock: the file's one line. */
interface Holder {
  readonly host: string;
  readonly pid: number;
  /** The process's start time (Linux: clock ticks since boot), so a reused pid is not mistaken for the holder. */
  readonly started: string;
  readonly nonce: string;
}

/** One lock file as a waiter saw it: the inode and the content tell this lock from a later one at the same path. */
interface Seen {
  readonly ino: number;
  readonly mtimeMs: number;
  readonly content: string;
}

const HOST = hostname();

/**
 * Runs `fn` while holding `<dir>/.append.lock`, created with O_EXCL. The
 * extension and the CLI may append to the same workspace's log at once;
 * without this each would chain onto its own idea of the last line and fork
 * the chain.
 *
 * A lock left by a crashed writer is taken over, and the takeover is fenced:
 * a waiter that judged one lock (this inode, this content) stale must first
 * create that lock's takeover marker with O_EXCL, and removes the lock only if
 * it is still the one it judged. Two waiters that both judged it stale cannot
 * both remove something — the loser of the marker would otherwise unlink the
 * winner's fresh lock (two writers, a forked chain; issue 11). proper-lockfile
 * has that same stat-then-remove race, hence this design rather than it.
 *
 * A holder on this host is judged by its pid (and the pid's start time), so a
 * crashed writer's lock goes at once; one we cannot check only after
 * STALE_AFTER_MS, far beyond the longest hold.
 */
export async function withAppendLock<T>(dir: string, fn: () => Promise<T>, clock: Clock = systemClock): Promise<T> {
  const path = join(dir, LOCK);
  const started = clock.now();
  let fd: number | undefined;
  for (let attempt = 0; fd === undefined; attempt++) {
    fd = tryCreate(path);
    if (fd !== undefined) break;
    const seen = await look(path);
    if (seen === undefined) continue; // released meanwhile: try again at once
    if (holderIsGone(seen, clock.now())) {
      await takeOver(dir, path, seen, clock.now());
      continue;
    }
    if (clock.now() - started > GIVE_UP_AFTER_MS) {
      throw Object.assign(new Error(`the audit log is locked by another writer (${path}: ${seen.content.trim() || 'being written'})`), { code: 'ELOCKED' });
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(25, 1 + attempt)));
  }
  try {
    return await fn();
  } finally {
    release(path, fd);
  }
}

/**
 * Creates the lock with our holder line; undefined when another holds it.
 * Synchronous, like `release`: a few metadata calls on a local file, on the
 * path every audited command waits on, where each async call would cost a
 * thread-pool round trip.
 */
function tryCreate(path: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  try {
    writeSync(fd, `${HOST} ${process.pid} ${selfStarted()} ${randomBytes(8).toString('hex')}\n`);
    return fd;
  } catch (error) {
    closeSync(fd);
    unlinkQuietly(path);
    throw error;
  }
}

/**
 * Removes our lock, unless it was taken from us (then its inode has no name
 * left and the path names someone else's lock), and closes it.
 */
function release(path: string, fd: number): void {
  try {
    if (fstatSync(fd).nlink > 0) unlinkQuietly(path);
  } finally {
    closeSync(fd);
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** The lock as it is now, or undefined when it is gone. */
async function look(path: string): Promise<Seen | undefined> {
  try {
    const [st, content] = await Promise.all([stat(path), readFile(path, 'utf8')]);
    return { ino: st.ino, mtimeMs: st.mtimeMs, content };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseHolder(content: string): Holder | undefined {
  const fields = content.trim().split(' ');
  // The older form `<pid> <ms>` (Clawdock before issue 11) was always written on this host.
  if (fields.length === 2 && fields.every((f) => /^\d+$/.test(f))) return { host: HOST, pid: Number(fields[0]), started: '-', nonce: fields[1]! };
  const [host, pid, started, nonce, ...rest] = fields;
  if (!host || !started || !nonce || rest.length > 0 || !/^\d+$/.test(pid ?? '')) return undefined;
  return { host, pid: Number(pid), started, nonce };
}

function holderIsGone(seen: Seen, now: number): boolean {
  const holder = parseHolder(seen.content);
  if (!holder) return now - seen.mtimeMs > (seen.content === '' ? STALE_EMPTY_AFTER_MS : STALE_AFTER_MS);
  if (holder.host === HOST && holder.pid !== process.pid) {
    if (!processExists(holder.pid)) return true;
    const started = processStarted(holder.pid);
    if (started !== undefined && holder.started !== '-' && started !== holder.started) return true; // the pid was reused
  }
  return now - seen.mtimeMs > STALE_AFTER_MS;
}

/**
 * Removes the lock `seen` if we win its takeover marker and it is still that
 * lock. Only the marker's winner may remove it, and the holder is gone, so
 * nothing else removes it between our check and our unlink.
 */
async function takeOver(dir: string, path: string, seen: Seen, now: number): Promise<void> {
  const identity = createHash('sha256').update(`${seen.ino}\0${seen.mtimeMs}\0${seen.content}`).digest('hex').slice(0, 24);
  const marker = join(dir, `${MARKER_PREFIX}${identity}`);
  try {
    await (await open(marker, 'wx', 0o600)).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return; // another waiter is taking this one over
    throw error;
  }
  const still = await look(path);
  if (still && still.ino === seen.ino && still.content === seen.content) await unlink(path).catch(() => undefined);
  await sweepMarkers(dir, now);
}

/** Markers of long-settled takeovers go; a waiter that judged a lock that long ago re-checks it anyway. */
async function sweepMarkers(dir: string, now: number): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(MARKER_PREFIX)) continue;
    const file = join(dir, name);
    const st = await stat(file).catch(() => undefined);
    if (st && now - st.mtimeMs > MARKER_KEEP_MS) await unlink(file).catch(() => undefined);
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** A process's start time from /proc (Linux), or undefined where there is none. */
function processStarted(pid: number | 'self'): string | undefined {
  try {
    // Field 22 of /proc/PID/stat, counted after the command name (which may hold spaces) closes.
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

let ownStart: string | undefined;
function selfStarted(): string {
  ownStart ??= processStarted('self') ?? '-';
  return ownStart;
}
