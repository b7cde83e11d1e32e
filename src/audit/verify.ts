import { readFile } from 'node:fs/promises';
import { dayOfFile, listDayFiles } from './audit-paths';
import { GENESIS_HASH, parseEntryLine, type AuditEntry } from './entry';

/** Why the chain breaks at a line. */
export type ChainBreakReason = 'edited' | 'deleted' | 'reordered' | 'duplicated' | 'truncated' | 'missing-day-file' | 'unparseable';

/** The first place the chain breaks. */
export interface ChainBreak {
  readonly file: string;
  /** 1-based line in `file`; for lines cut off a file's end, the first missing line. */
  readonly line: number;
  readonly reason: ChainBreakReason;
  readonly detail: string;
}

/** What verify found: the chain holds (with its head), or where it first breaks. */
export type VerifyResult =
  | { readonly ok: true; readonly files: number; readonly lines: number; readonly head: string }
  | { readonly ok: false; readonly files: number; readonly lines: number; readonly break: ChainBreak };

/** How to verify. */
export interface VerifyOptions {
  /**
   * The first line must be the chain's start (seq 1 after GENESIS_HASH). True
   * for a whole workspace folder, so removed oldest files are found; false for
   * a hand-picked list, whose first line is taken as given.
   */
  readonly fromGenesis?: boolean;
  /**
   * The head the writer last reported (`AuditLog.head`, kept somewhere the log
   * is not, such as the extension's state). A hash chain alone cannot see lines
   * cut cleanly off the newest file, or the newest file removed; with this it can.
   */
  readonly expectHead?: { readonly seq: number; readonly hash: string };
}

interface Line {
  readonly file: number;
  readonly line: number;
  readonly entry: AuditEntry | undefined;
  readonly problem: { reason: ChainBreakReason; detail: string } | undefined;
}

/** Verifies every day file in a workspace's audit folder, from the chain's start. */
export async function verifyWorkspace(dir: string, options: Pick<VerifyOptions, 'expectHead'> = {}): Promise<VerifyResult> {
  const files = await listDayFiles(dir);
  return verifyFiles(
    files.map((f) => f.path),
    { ...options, fromGenesis: true },
  );
}

/**
 * Verifies day files as one chain (ordered by their day when named like day
 * files): each line must be intact, and carry the next `seq` and the previous
 * line's hash, also across files. Returns the first break, named as the kind
 * of tampering that explains it.
 */
export async function verifyFiles(paths: readonly string[], options: VerifyOptions = {}): Promise<VerifyResult> {
  const ordered = paths.every((p) => dayOfFile(p) !== undefined)
    ? [...paths].sort((a, b) => (dayOfFile(a) as string).localeCompare(dayOfFile(b) as string))
    : [...paths];
  const days = ordered.map((p) => dayOfFile(p));
  const lines: Line[] = [];
  const counts: number[] = [];
  for (const [fi, path] of ordered.entries()) {
    const text = await readFile(path, 'utf8');
    const parts = text.split('\n');
    const torn = parts.pop() ?? '';
    parts.forEach((raw, i) => lines.push(readLine(fi, i + 1, raw)));
    if (torn !== '') lines.push({ file: fi, line: parts.length + 1, entry: undefined, problem: { reason: 'truncated', detail: 'the last line was cut off (no newline at its end)' } });
    counts.push(parts.length);
  }

  const laterSeqs = new Map<number, number>(); // seq → how many lines still ahead carry it
  for (const l of lines) if (l.entry) laterSeqs.set(l.entry.seq, (laterSeqs.get(l.entry.seq) ?? 0) + 1);
  const seen = new Set<string>();
  const fail = (file: number, line: number, reason: ChainBreakReason, detail: string, checked: number): VerifyResult => ({
    ok: false,
    files: ordered.length,
    lines: checked,
    break: { file: ordered[file] as string, line, reason, detail },
  });

  let expectSeq = 1;
  let expectPrev = GENESIS_HASH;
  let lastFile = -1; // the last file that had lines
  for (const [i, l] of lines.entries()) {
    if (l.problem) return fail(l.file, l.line, l.problem.reason, l.problem.detail, i);
    const e = l.entry as AuditEntry;
    laterSeqs.set(e.seq, (laterSeqs.get(e.seq) ?? 1) - 1);
    const firstOfFile = l.line === 1;
    if (i === 0 && !options.fromGenesis) {
      expectSeq = e.seq;
      expectPrev = e.prev;
    }
    if (e.seq !== expectSeq || e.prev !== expectPrev) {
      if (firstOfFile && l.file !== lastFile && e.prevDay !== undefined && (lastFile === -1 || e.prevDay !== days[lastFile])) {
        const at = days.indexOf(e.prevDay);
        return at === -1
          ? fail(l.file, 1, 'missing-day-file', `the day file before this one (${e.prevDay}.jsonl) is missing`, i)
          : fail(at, (counts[at] as number) + 1, 'truncated', `${e.prevDay}.jsonl lost its last lines`, i);
      }
      if (firstOfFile && lastFile !== -1 && l.file !== lastFile) {
        // The writer names the previous day on every file's first line: a first line without it
        // means this file's own first lines were removed; with it, the previous file lost its end.
        if (e.prevDay !== undefined && e.seq > expectSeq && !laterSeqs.get(expectSeq)) {
          const last = counts[lastFile] as number;
          return fail(lastFile, last + 1, 'truncated', `lines from seq ${expectSeq} to ${e.seq - 1} were cut off the end of this file`, i);
        }
      }
      if (e.seq < expectSeq) {
        return seen.has(e.hash)
          ? fail(l.file, l.line, 'duplicated', `seq ${e.seq} appears again (expected seq ${expectSeq})`, i)
          : fail(l.file, l.line, 'reordered', `seq ${e.seq} comes after seq ${expectSeq - 1}`, i);
      }
      if (e.seq > expectSeq) {
        return laterSeqs.get(expectSeq)
          ? fail(l.file, l.line, 'reordered', `seq ${e.seq} comes before seq ${expectSeq}`, i)
          : fail(l.file, l.line, 'deleted', `seq ${expectSeq}${e.seq - 1 > expectSeq ? ` to ${e.seq - 1}` : ''} is missing before this line`, i);
      }
      return fail(l.file, l.line, 'edited', `seq ${e.seq} does not chain to the line before (its prev hash differs)`, i);
    }
    const anchor = options.expectHead;
    if (anchor && e.seq === anchor.seq && e.hash !== anchor.hash) {
      return fail(l.file, l.line, 'edited', `seq ${e.seq} is not the line the writer reported (its hash differs)`, i);
    }
    seen.add(e.hash);
    expectSeq = e.seq + 1;
    expectPrev = e.hash;
    lastFile = l.file;
  }
  const anchor = options.expectHead;
  if (anchor && expectSeq - 1 < anchor.seq) {
    const file = lastFile === -1 ? ordered.length - 1 : lastFile;
    if (file === -1) return { ok: false, files: 0, lines: 0, break: { file: '', line: 1, reason: 'missing-day-file', detail: `the log is empty but the writer reported seq ${anchor.seq}` } };
    return fail(file, (counts[file] as number) + 1, expectSeq - 1 === 0 ? 'missing-day-file' : 'truncated', `the log ends at seq ${expectSeq - 1}, the writer reported seq ${anchor.seq}: the lines after it (or a newer day file) were removed`, lines.length);
  }
  return { ok: true, files: ordered.length, lines: lines.length, head: expectPrev };
}

function readLine(file: number, line: number, raw: string): Line {
  const parsed = parseEntryLine(raw);
  return parsed.ok
    ? { file, line, entry: parsed.entry, problem: undefined }
    : { file, line, entry: undefined, problem: { reason: parsed.reason, detail: parsed.detail } };
}
