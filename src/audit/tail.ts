import { open, readFile, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { listDayFiles } from './audit-paths';
import { parseEntryLine, type AuditEntry } from './entry';

/** One line of `clawdock audit tail`: the raw line, and the entry when it is a valid one. */
export interface TailLine {
  readonly file: string;
  readonly raw: string;
  readonly entry: AuditEntry | undefined;
}

/** What to tail. */
export interface TailOptions {
  /** A workspace's audit folder. */
  readonly dir: string;
  /** How many of the newest lines to start with; default 10. */
  readonly lines?: number;
  /** Keep waiting for new lines (also across a new day's file) until `signal` aborts. */
  readonly follow?: boolean;
  readonly signal?: AbortSignal;
  /** How often to look for new lines when following; default 250 ms. */
  readonly pollMs?: number;
}

/**
 * The newest lines of a workspace's log, then (with `follow`) each new line
 * as it is written. Polls rather than relying on fs.watch, whose events are
 * unreliable across platforms and network folders; a poll costs one stat.
 */
export async function* tailAudit(options: TailOptions): AsyncGenerator<TailLine> {
  const want = Math.max(0, options.lines ?? 10);
  const files = await listDayFiles(options.dir);
  const backlog: TailLine[] = [];
  for (let i = files.length - 1; i >= 0 && backlog.length < want; i--) {
    const file = files[i] as (typeof files)[number];
    const lines = (await readFile(file.path, 'utf8')).split('\n').filter((l) => l !== '');
    backlog.unshift(...lines.slice(-(want - backlog.length)).map((raw) => toTailLine(file.path, raw)));
  }
  yield* backlog;
  if (!options.follow) return;

  let current = files.at(-1)?.path;
  let offset = current ? (await stat(current)).size : 0;
  // Bytes after the last newline seen: a line still being written, or a character split by the read.
  let partial = Buffer.alloc(0);
  while (!options.signal?.aborted) {
    if (current) {
      const { size } = await stat(current);
      if (size > offset) {
        const bytes = Buffer.concat([partial, await readRange(current, offset, size)]);
        offset = size;
        const end = bytes.lastIndexOf(0x0a) + 1;
        partial = Buffer.from(bytes.subarray(end));
        for (const raw of bytes.subarray(0, end).toString('utf8').split('\n')) if (raw !== '') yield toTailLine(current, raw);
        continue;
      }
    }
    const newest = (await listDayFiles(options.dir)).at(-1)?.path;
    if (newest && newest !== current) {
      // A new day's file: the old one is finished (any partial line stays unreported, verify will name it).
      current = newest;
      offset = 0;
      partial = Buffer.alloc(0);
      continue;
    }
    try {
      await sleep(options.pollMs ?? 250, undefined, { signal: options.signal });
    } catch {
      return; // aborted
    }
  }
}

function toTailLine(file: string, raw: string): TailLine {
  const parsed = parseEntryLine(raw);
  return { file, raw, entry: parsed.ok ? parsed.entry : undefined };
}

async function readRange(path: string, start: number, end: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(end - start);
    const { bytesRead } = await handle.read(buf, 0, buf.length, start);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
