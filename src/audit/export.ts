import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { listDayFiles } from './audit-paths';
import { parseEntryLine, type AuditEntry } from './entry';
import { formatEvent } from './format-event';

/** Output formats of `clawdock audit export`. */
export type ExportFormat = 'jsonl' | 'csv';

/** What to export. */
export interface ExportOptions {
  /** A workspace's audit folder. */
  readonly dir: string;
  /** Only lines written at or after this time (a Date, an ISO time, or a `YYYY-MM-DD` day, UTC). */
  readonly since?: Date | string;
  readonly format: ExportFormat;
}

/** The CSV columns, in order. */
export const CSV_COLUMNS = ['seq', 'ts', 'type', 'caller', 'surface', 'profile', 'summary', 'prev', 'hash', 'event'] as const;

/**
 * Streams the log as export lines (each ending in a newline): the JSONL lines
 * as written, or CSV with a header. Lines that are not valid entries are kept,
 * not dropped (an export must not hide tampering): raw in JSONL, as an
 * `invalid` row in CSV. Export does not verify; run verify for that.
 */
export async function* exportAudit(options: ExportOptions): AsyncGenerator<string> {
  const since = options.since === undefined ? undefined : toTime(options.since);
  const sinceDay = since === undefined ? undefined : new Date(since).toISOString().slice(0, 10);
  if (options.format === 'csv') yield `${CSV_COLUMNS.join(',')}\n`;
  for (const file of await listDayFiles(options.dir)) {
    if (sinceDay !== undefined && file.day < sinceDay) continue;
    const lines = createInterface({ input: createReadStream(file.path, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line === '') continue;
      const parsed = parseEntryLine(line);
      if (parsed.ok && since !== undefined && Date.parse(parsed.entry.ts) < since) continue;
      if (options.format === 'jsonl') yield `${line}\n`;
      else yield `${(parsed.ok ? csvRow(parsed.entry) : invalidRow(line)).map(csvCell).join(',')}\n`;
    }
  }
}

function toTime(since: Date | string): number {
  const ms = since instanceof Date ? since.getTime() : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(since) ? `${since}T00:00:00.000Z` : since);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${String(since)} (use YYYY-MM-DD or an ISO time)`);
  return ms;
}

function csvRow(e: AuditEntry): string[] {
  const caller = e.event.caller;
  return [String(e.seq), e.ts, e.event.type, caller?.id ?? '', caller?.surface ?? '', caller?.profile ?? '', formatEvent(e.event), e.prev, e.hash, JSON.stringify(e.event)];
}

function invalidRow(line: string): string[] {
  return ['', '', 'invalid', '', '', '', 'not a valid audit line (run verify)', '', '', line];
}

/** RFC 4180 quoting, and cells that a spreadsheet would run as a formula are defused with a leading quote. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
