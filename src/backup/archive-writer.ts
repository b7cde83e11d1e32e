// Writes the archive format (archive-format.ts): a temporary file (0600) next
// to the destination, fsynced, then renamed, so a crash never leaves a file
// that looks like a finished backup. An existing destination is not replaced.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, rmSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join, basename } from 'node:path';
import { createGzip, type Gzip } from 'node:zlib';
import { ClawdockError } from '../core/errors';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, CHUNK_BYTES, type ArchiveEntry, type ArchiveHeader } from './archive-format';

type EntryWithoutSum = Exclude<ArchiveEntry, { type: 'file' }>;

/** Builds one archive; `finish` makes it appear at its path, `abort` removes what was written. */
export class ArchiveWriter {
  readonly #gzip: Gzip;
  readonly #fd: number;
  readonly #tmp: string;
  readonly #digest = createHash('sha256');
  readonly #done: Promise<void>;
  #entries = 0;

  private constructor(readonly out: string, header: Omit<ArchiveHeader, 'format' | 'version'>) {
    this.#tmp = join(dirname(out), `.${basename(out)}.${randomBytes(6).toString('hex')}.tmp`);
    this.#fd = openSync(this.#tmp, 'wx', 0o600);
    this.#gzip = createGzip({ level: 6 });
    this.#done = new Promise((resolve, reject) => {
      this.#gzip.on('data', (chunk: Buffer) => {
        try {
          writeSync(this.#fd, chunk);
        } catch (e) {
          reject(e);
        }
      });
      this.#gzip.on('end', resolve);
      this.#gzip.on('error', reject);
    });
    void this.#line({ format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, ...header });
  }

  /** Starts an archive at `out` (which must not exist yet). */
  static create(out: string, header: Omit<ArchiveHeader, 'format' | 'version'>): ArchiveWriter {
    return new ArchiveWriter(out, header);
  }

  /** A folder, link or shadow-layer deletion. */
  async add(entry: EntryWithoutSum): Promise<void> {
    await this.#line(entry);
    this.#entries++;
  }

  /** A file whose bytes are `data` (read once more here, in chunks, so a large file never sits in memory whole). */
  async addFile(entry: Omit<Extract<ArchiveEntry, { type: 'file' }>, 'sha256' | 'size'>, path: string, size: number, sha256: string): Promise<void> {
    await this.#line({ ...entry, type: 'file', size, sha256 });
    this.#entries++;
    const handle = await open(path, 'r');
    const hash = createHash('sha256');
    try {
      const buf = Buffer.alloc(CHUNK_BYTES);
      let done = 0;
      while (done < size) {
        const { bytesRead } = await handle.read(buf, 0, Math.min(CHUNK_BYTES, size - done), done);
        if (bytesRead === 0) throw new ClawdockError(`${path} shrank while it was being backed up`, { hint: 'stop what writes it and back up again' });
        hash.update(buf.subarray(0, bytesRead));
        await this.#line({ d: buf.subarray(0, bytesRead).toString('base64') });
        done += bytesRead;
      }
    } finally {
      await handle.close();
    }
    if (hash.digest('hex') !== sha256) throw new ClawdockError(`${path} changed while it was being backed up`, { hint: 'stop what writes it (the sandbox, the gateway) and back up again' });
  }

  /** Writes the closing line, syncs, and puts the archive at its path (refusing to replace a file that appeared meanwhile). */
  async finish(): Promise<void> {
    await this.#line({ end: true, entries: this.#entries, sha256: this.#digest.copy().digest('hex') }, false);
    this.#gzip.end();
    await this.#done;
    fsyncSync(this.#fd);
    closeSync(this.#fd);
    try {
      linkSync(this.#tmp, this.out);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new ClawdockError(`${this.out} already exists; the backup was not written over it`, { hint: 'choose another --out, or remove the old file first' });
      throw e;
    } finally {
      rmSync(this.#tmp, { force: true });
    }
  }

  /** Removes the unfinished archive. */
  abort(): void {
    this.#gzip.destroy();
    try {
      closeSync(this.#fd);
    } catch {
      // already closed
    }
    rmSync(this.#tmp, { force: true });
  }

  async #line(value: unknown, digest = true): Promise<void> {
    const text = `${JSON.stringify(value)}\n`;
    if (digest) this.#digest.update(text);
    if (!this.#gzip.write(text)) await new Promise<void>((resolve) => this.#gzip.once('drain', () => resolve()));
  }
}
