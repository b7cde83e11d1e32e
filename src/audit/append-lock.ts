import { open, readFile, stat, unlink } from 'node:fs/promises';

/** A lock older than this is taken to be left behind by a crashed writer (a hold lasts one write and fsync). */
const STALE_AFTER_MS = 10_000;
/** Give up (and refuse the append) after waiting this long. */
const GIVE_UP_AFTER_MS = 5_000;

/**
 * Runs `fn` while holding `<dir>/.append.lock`, created with O_EXCL. The
 * extension and the CLI may append to the same workspace's log at once; without
 * this each would chain onto its own idea of the last line and fork the chain.
 */
export async function withAppendLock<T>(dir: string, fn: () => Promise<T>, now: () => number = Date.now): Promise<T> {
  const path = `${dir}/.append.lock`;
  const started = now();
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      try {
        await handle.write(`${process.pid} ${now()}\n`);
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isStale(path, now())) {
        await unlink(path).catch(() => undefined);
        continue;
      }
      if (now() - started > GIVE_UP_AFTER_MS) {
        throw Object.assign(new Error(`the audit log is locked by another writer (${path})`), { code: 'ELOCKED' });
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, 1 + attempt * 2)));
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(path).catch(() => undefined);
  }
}

async function isStale(path: string, nowMs: number): Promise<boolean> {
  try {
    const [pidText] = (await readFile(path, 'utf8')).split(' ');
    const pid = Number(pidText);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
      try {
        process.kill(pid, 0);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true; // its writer is gone
      }
    }
    return nowMs - (await stat(path)).mtimeMs > STALE_AFTER_MS;
  } catch {
    return false; // vanished or half-written: try again
  }
}
