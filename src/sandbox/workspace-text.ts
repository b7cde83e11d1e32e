// Reading file content for the agent: a page of UTF-8 text that never cuts a
// character in two, the sha256 of the whole file (so a later edit can be
// bound to what was read), and the binary sniff that decides text is not text.
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

// git's heuristic: a NUL in the first 8000 bytes means binary.
const BINARY_SNIFF_BYTES = 8000;
const HASH_CHUNK_BYTES = 1024 * 1024;

/** A UTF-8 page of a file and the hash of the whole file. */
export interface TextPage {
  /** The text; empty when `binary`. */
  content: string;
  /** Byte offset where `content` starts (moved forward past a split UTF-8 character). */
  offset: number;
  /** Bytes of the file `content` covers; the next page starts at offset + bytes. */
  bytes: number;
  /** Size of the whole file in bytes. */
  size: number;
  /** True when the file goes on past this slice. */
  truncated: boolean;
  /** True when the file is not UTF-8 text; content is then left empty. */
  binary: boolean;
  /** sha256 (hex) of the whole file, to bind a later edit to what was read. */
  sha256: string;
}

/** Whether the start of a file marks it as binary (git's heuristic). */
export function looksBinary(data: Buffer): boolean {
  return data.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

/** The sha256 and size of the whole file, the bytes in [start, start + limit), and the head for the binary sniff. */
export async function hashFile(
  file: FileHandle,
  start = 0,
  limit = 0,
): Promise<{ sha256: string; size: number; window: Buffer; head: Buffer }> {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(HASH_CHUNK_BYTES);
  const window = Buffer.alloc(limit);
  let head = Buffer.alloc(0);
  let windowBytes = 0;
  let position = 0;
  for (;;) {
    const { bytesRead } = await file.read(chunk, 0, chunk.length, position);
    if (bytesRead === 0) break;
    const bytes = chunk.subarray(0, bytesRead);
    hash.update(bytes);
    if (position < BINARY_SNIFF_BYTES) head = Buffer.concat([head, bytes.subarray(0, BINARY_SNIFF_BYTES - position)]);
    const from = Math.max(start, position);
    const to = Math.min(start + limit, position + bytesRead);
    if (to > from) windowBytes += bytes.copy(window, from - start, from - position, to - position);
    position += bytesRead;
  }
  return { sha256: hash.digest('hex'), size: position, window: window.subarray(0, windowBytes), head };
}

/** Reads the page of at most `limit` bytes from `start`, hashing the whole file on the way. */
export async function readTextPage(file: FileHandle, start: number, limit: number): Promise<TextPage> {
  // Three bytes past the limit, so a page too small for one character can still return it whole.
  const { sha256, size, window, head } = await hashFile(file, start, limit + 3);
  // Never cut a UTF-8 character in two: skip continuation bytes at the start,
  // end before an incomplete character (the next page gets it whole).
  let from = 0;
  if (start > 0) while (from < window.length && from < 3 && isContinuation(window[from])) from += 1;
  let to = Math.min(window.length, limit);
  if (to < window.length) {
    to = completeUtf8End(window.subarray(0, to), from);
    if (to <= from) to = Math.min(window.length, from + utf8Length(window[from] ?? 0));
  }
  const slice = window.subarray(from, to);
  const base = { offset: Math.min(start, size) + from, bytes: slice.length, size, truncated: start + to < size, sha256 };
  if (looksBinary(head) || slice.includes(0)) return { ...base, content: '', binary: true };
  try {
    return { ...base, content: new TextDecoder('utf-8', { fatal: true }).decode(slice), binary: false };
  } catch {
    return { ...base, content: '', binary: true };
  }
}

function utf8Length(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

function completeUtf8End(bytes: Buffer, from: number): number {
  for (let i = bytes.length - 1; i >= Math.max(from, bytes.length - 4); i -= 1) {
    const byte = bytes[i] as number;
    if (isContinuation(byte)) continue;
    return i + utf8Length(byte) <= bytes.length ? bytes.length : i;
  }
  return bytes.length;
}
