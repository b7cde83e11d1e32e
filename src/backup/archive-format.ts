// The backup archive: a small, strict format of our own rather than tar — a
// restore must check everything before it writes anything, and must never
// meet a hard link, a device, an absolute path or `..` it would have to
// refuse mid-way. One gzip stream of JSON lines:
//
//   {"format":"clawdock-backup","version":1,…}        header
//   {"root":"home","path":"audit/k/2025-01-02.jsonl","type":"file",…,"size":N,"sha256":…}
//   {"d":"<base64, at most 1 MiB>"} × ⌈N / 1 MiB⌉       the file's bytes
//   {"root":"home","path":"audit/k","type":"dir",…}
//   …
//   {"end":true,"entries":E,"sha256":…}                 sha256 of every line before it
//
// Every line is schema-checked, every file's bytes against its sha256, the
// whole against the trailer's digest; a missing trailer is a cut archive.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { BackupFormatError } from './backup-errors';

/** The format's name and version; a reader refuses any other. */
export const ARCHIVE_FORMAT = 'clawdock-backup';
export const ARCHIVE_VERSION = 1;
/** Bytes of file data per chunk line. */
export const CHUNK_BYTES = 1024 * 1024;
/** Longest line a reader accepts (a chunk line with room to spare). */
const MAX_LINE = 2 * CHUNK_BYTES;

/** Which state folder an entry belongs to: the CLI's `$CLAWDOCK_HOME`, or the editor's global storage. */
export const BACKUP_ROOTS = ['home', 'editor'] as const;
export type BackupRoot = (typeof BACKUP_ROOTS)[number];

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
/** A relative path of plain segments: no `.`/`..`, no empty segment, no backslash or NUL, not absolute. */
const relPath = z.string().min(1).max(4096).refine(
  (p) => !p.startsWith('/') && p.split('/').every((s) => s !== '' && s !== '.' && s !== '..' && !/[\\\0]/.test(s)),
  'must be a relative path of plain names',
);
const mode = z.number().int().min(0).max(0o7777);
const owner = { uid: z.number().int().nonnegative().optional(), gid: z.number().int().nonnegative().optional() };
const common = { root: z.enum(BACKUP_ROOTS), path: relPath, mode, mtimeMs: z.number().nonnegative(), ...owner };

/** One entry of the archive. */
export const archiveEntrySchema = z.discriminatedUnion('type', [
  z.strictObject({ ...common, type: z.literal('file'), size: z.number().int().nonnegative(), sha256 }),
  z.strictObject({ ...common, type: z.literal('dir') }),
  z.strictObject({ ...common, type: z.literal('symlink'), target: z.string().min(1).max(4096) }),
  /** A deletion in a shadow layer (overlayfs's 0/0 character device). */
  z.strictObject({ ...common, type: z.literal('whiteout') }),
]);
export type ArchiveEntry = z.infer<typeof archiveEntrySchema>;

/** What the archive says about itself. */
export const archiveHeaderSchema = z.strictObject({
  format: z.literal(ARCHIVE_FORMAT),
  version: z.literal(ARCHIVE_VERSION),
  createdAt: z.iso.datetime(),
  /** `all`, or the workspaces (real paths) whose state it holds. */
  scope: z.union([z.literal('all'), z.array(z.string().min(1).max(4096)).max(10_000)]),
  roots: z.array(z.enum(BACKUP_ROOTS)).min(1).max(BACKUP_ROOTS.length),
  /** What was left out on purpose, as sentences (plain secrets, device keys …). */
  excluded: z.array(z.string().max(1000)).max(1000),
});
export type ArchiveHeader = z.infer<typeof archiveHeaderSchema>;

const chunkSchema = z.strictObject({ d: z.string().max(MAX_LINE) });
const trailerSchema = z.strictObject({ end: z.literal(true), entries: z.number().int().nonnegative(), sha256 });

/** Receives each entry as it is read; a file's bytes arrive as chunks, already checked for order. */
export interface ArchiveVisitor {
  header(header: ArchiveHeader): void | Promise<void>;
  entry(entry: ArchiveEntry, data: AsyncIterable<Buffer> | undefined): Promise<void>;
}

/**
 * Reads and checks an archive from start to end, handing each entry to the
 * visitor. Throws BackupFormatError at the first thing that is not exactly
 * right: the visitor must not have written anything outside its staging area
 * before this returns.
 */
export async function readArchive(file: string, visitor: ArchiveVisitor): Promise<{ readonly entries: number }> {
  const gunzip = createGunzip();
  const input = createReadStream(file).pipe(gunzip);
  const failures: Error[] = [];
  gunzip.on('error', (e) => failures.push(e));
  const lines = createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  const digest = createHash('sha256');
  let lineNo = 0;
  const next = async (): Promise<string | undefined> => {
    let r: IteratorResult<string>;
    try {
      r = await lines.next();
    } catch (e) {
      throw new BackupFormatError(file, `it is not a readable gzip stream (${(e as Error).message})`);
    }
    if (failures.length > 0) throw new BackupFormatError(file, `it is not a readable gzip stream (${failures[0]?.message})`);
    if (r.done) return undefined;
    lineNo++;
    if (r.value.length > MAX_LINE) throw new BackupFormatError(file, `line ${lineNo} is too long`);
    return r.value;
  };
  const parse = <T>(schema: z.ZodType<T>, raw: string | undefined, what: string): T => {
    if (raw === undefined) throw new BackupFormatError(file, `it ends before its last line (${what} expected at line ${lineNo + 1}): the archive was cut short`);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new BackupFormatError(file, `line ${lineNo} is not JSON`);
    }
    const r = schema.safeParse(json);
    if (!r.success) throw new BackupFormatError(file, `line ${lineNo} is not a valid ${what}: ${r.error.issues[0]?.path.join('.') || ''} ${r.error.issues[0]?.message ?? ''}`.trim());
    digest.update(`${raw}\n`);
    return r.data;
  };

  const header = parse(archiveHeaderSchema, await next(), 'header');
  await visitor.header(header);
  let count = 0;
  for (;;) {
    const raw = await next();
    if (raw === undefined) throw new BackupFormatError(file, 'it has no closing line: the archive was cut short');
    if (raw.startsWith('{"end":')) {
      const expected = digest.copy().digest('hex');
      const trailer = parse(trailerSchema, raw, 'closing line');
      if (trailer.entries !== count) throw new BackupFormatError(file, `its closing line counts ${trailer.entries} entries, the archive holds ${count}`);
      if (trailer.sha256 !== expected) throw new BackupFormatError(file, 'its contents do not match its closing digest: it was changed after it was written');
      if ((await next()) !== undefined) throw new BackupFormatError(file, 'there is data after its closing line');
      return { entries: count };
    }
    const entry = parse(archiveEntrySchema, raw, 'entry');
    count++;
    if (entry.type !== 'file') {
      await visitor.entry(entry, undefined);
      continue;
    }
    const size = entry.size;
    const chunks = Math.ceil(size / CHUNK_BYTES);
    const hash = createHash('sha256');
    let bytes = 0;
    const at = lineNo;
    async function* data(): AsyncGenerator<Buffer> {
      for (let i = 0; i < chunks; i++) {
        const { d } = parse(chunkSchema, await next(), `data line of ${entry.path}`);
        const buf = Buffer.from(d, 'base64');
        if (buf.toString('base64') !== d) throw new BackupFormatError(file, `line ${lineNo} is not canonical base64`);
        const want = Math.min(CHUNK_BYTES, size - bytes);
        if (buf.length !== want) throw new BackupFormatError(file, `line ${lineNo}: ${entry.path} has ${buf.length} bytes in a chunk that should hold ${want}`);
        bytes += buf.length;
        hash.update(buf);
        yield buf;
      }
    }
    const stream = data();
    await visitor.entry(entry, stream);
    // A visitor that did not read the bytes (or not all of them): read past them all the same.
    for await (const chunk of stream) void chunk;
    if (hash.digest('hex') !== entry.sha256) throw new BackupFormatError(file, `${entry.root}/${entry.path} (line ${at}) does not match its sha256: it was changed after the archive was written`);
  }
}
