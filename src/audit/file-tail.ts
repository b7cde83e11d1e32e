import { open, type FileHandle } from 'node:fs/promises';

/** The end of a file as the log needs it on open: the last whole line and any torn bytes after it. */
export interface FileTail {
  readonly size: number;
  /** The last line that ends in a newline (without it), if any. */
  readonly lastLine: string | undefined;
  /** Bytes after the last newline: a line whose write never finished. */
  readonly torn: Buffer;
  /** Newlines in the file: `lastLine` is line number `newlines`, a torn line is `newlines + 1`. */
  readonly newlines: number;
}

/** Reads the end of a file backwards until the last whole line is in hand, then counts lines for error messages. */
export async function readFileTail(path: string): Promise<FileTail> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    let window = Math.min(size, 64 * 1024);
    for (;;) {
      const buf = Buffer.alloc(window);
      await handle.read(buf, 0, window, size - window);
      const lastNl = buf.lastIndexOf(0x0a);
      const torn = buf.subarray(lastNl + 1);
      const prevNl = lastNl > 0 ? buf.lastIndexOf(0x0a, lastNl - 1) : -1;
      const haveWholeLine = lastNl !== -1 && (prevNl !== -1 || window === size);
      if (haveWholeLine || window === size) {
        const lastLine = lastNl === -1 ? undefined : buf.subarray(prevNl + 1, lastNl).toString('utf8');
        return { size, lastLine, torn: Buffer.from(torn), newlines: await countNewlines(handle, size) };
      }
      window = Math.min(size, window * 4);
    }
  } finally {
    await handle.close();
  }
}

async function countNewlines(handle: FileHandle, size: number): Promise<number> {
  const buf = Buffer.alloc(Math.min(size, 1024 * 1024));
  let count = 0;
  for (let pos = 0; pos < size; ) {
    const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
    if (bytesRead === 0) break;
    for (let at = buf.indexOf(0x0a); at !== -1 && at < bytesRead; at = buf.indexOf(0x0a, at + 1)) count++;
    pos += bytesRead;
  }
  return count;
}
