// Small files only the owner may read (vault, pairing store): written
// atomically (temp file, fsync, rename) with mode 0600 in a 0700 folder, under
// an O_EXCL lock file so two processes (the gateway and `clawdock pairing
// approve`) never lose each other's write.
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { ClawdockError } from '../core/errors';

const STALE_AFTER_MS = 10_000;
const GIVE_UP_AFTER_MS = 5_000;

/** Runs `fn` holding `<file>.lock`; a lock left by a process that is gone (or older than 10 s) is taken over. */
export function withFileLockSync<T>(file: string, fn: () => T, now: () => number = Date.now): T {
  const lock = `${file}.lock`;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const started = now();
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lock, 'wx', 0o600);
      try {
        writeSync(fd, `${process.pid} ${now()}\n`);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isStale(lock, now())) {
        rmSync(lock, { force: true });
        continue;
      }
      if (now() - started > GIVE_UP_AFTER_MS) throw new ClawdockError(`${file} is locked by another process (${lock})`, { hint: `if no other clawdock is running, remove ${lock}` });
      sleepSync(Math.min(50, 1 + attempt * 2));
    }
  }
  try {
    return fn();
  } finally {
    try {
      unlinkSync(lock);
    } catch {
      // Already gone: nothing to release.
    }
  }
}

/** Replaces `file` with `text`, mode 0600, atomically. */
export function writePrivateFileSync(file: string, text: string): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  // The umask may have narrowed the mode; it must never be wider.
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

/** Reads a private file; undefined when it does not exist. A file other users can read is refused: what is in it may already be out. */
export function readPrivateFileSync(file: string, what: string): string | undefined {
  try {
    const st = statSync(file);
    if ((st.mode & 0o077) !== 0) {
      throw new ClawdockError(`${what} ${file} is readable by other users (mode ${(st.mode & 0o777).toString(8)})`, { hint: `run \`chmod 600 ${file}\`, and rotate what it holds` });
    }
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isStale(lock: string, nowMs: number): boolean {
  try {
    const pid = Number(readFileSync(lock, 'utf8').split(' ')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
      try {
        process.kill(pid, 0);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
      }
    }
    return nowMs - statSync(lock).mtimeMs > STALE_AFTER_MS;
  } catch {
    return false;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
