import { open } from 'node:fs/promises';
import { sha256Hex } from '../core/hash';
import { AuditLogDamagedError } from './audit-log-damaged-error';
import { listDayFiles } from './audit-paths';
import { GENESIS_HASH, parseEntryLine } from './entry';
import type { AuditEvent } from './events';
import { readFileTail } from './file-tail';

/** Where the chain ends: what the next line must carry. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
  /** Day of the newest file with lines; undefined for an empty log. */
  readonly day: string | undefined;
}

/** The head of an empty log. */
export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH, day: undefined };

/**
 * Finds the chain's head from the last line of the newest day file that has
 * lines. A torn or invalid last line throws AuditLogDamagedError, unless
 * `repair` is given: then a torn tail is moved to a side file and the event
 * recording that is returned for the caller to append.
 */
export async function readChainHead(
  dir: string,
  repair?: { readonly now: number },
): Promise<{ head: ChainHead; repaired: AuditEvent | undefined }> {
  const files = await listDayFiles(dir);
  let repaired: AuditEvent | undefined;
  for (let i = files.length - 1; i >= 0; i--) {
    const file = files[i] as (typeof files)[number];
    const tail = await readFileTail(file.path);
    if (tail.size === 0) continue; // created, then a crash before the first line: nothing lost
    if (tail.torn.length > 0) {
      if (!repair) throw new AuditLogDamagedError(file.path, tail.newlines + 1, 'its last line was never finished');
      repaired = await setTornTailAside(file.path, tail.size, tail.torn, repair.now);
    }
    if (tail.lastLine === undefined) {
      if (repaired) continue; // the file held only a torn line: the chain ends in an earlier file
      throw new AuditLogDamagedError(file.path, 1, 'it holds no whole line');
    }
    const parsed = parseEntryLine(tail.lastLine);
    if (!parsed.ok) throw new AuditLogDamagedError(file.path, tail.newlines, `its last line is ${parsed.reason} (${parsed.detail})`);
    return { head: { seq: parsed.entry.seq, hash: parsed.entry.hash, day: file.day }, repaired };
  }
  return { head: EMPTY_HEAD, repaired };
}

/** Moves a torn last line to `<file>.torn-<time>` and cuts it off the file; returns the event recording that. */
async function setTornTailAside(file: string, size: number, torn: Buffer, now: number): Promise<AuditEvent> {
  const side = `${file}.torn-${now}`;
  const sideHandle = await open(side, 'wx', 0o600);
  try {
    await sideHandle.write(torn);
    await sideHandle.sync();
  } finally {
    await sideHandle.close();
  }
  const handle = await open(file, 'r+');
  try {
    await handle.truncate(size - torn.length);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { type: 'audit-repaired', file, removedBytes: torn.length, removedSha256: sha256Hex(torn), movedTo: side };
}
