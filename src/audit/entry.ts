import { z } from 'zod';
import { canonicalJson, sha256Hex } from '../core/hash';
import type { AuditEvent } from './events';

/** The `prev` of the very first line of a workspace's log. */
export const GENESIS_HASH = '0'.repeat(64);

/** Bumped if the line format ever changes, so verify can tell old lines from edited ones. */
export const AUDIT_FORMAT_VERSION = 1;

/** One line of the audit log. */
export interface AuditEntry {
  readonly v: typeof AUDIT_FORMAT_VERSION;
  /** 1, 2, 3 … across all day files of a workspace. */
  readonly seq: number;
  /** ISO 8601 UTC time of writing; its date names the day file. */
  readonly ts: string;
  /** `hash` of the line before (in this or the previous day file), or GENESIS_HASH. */
  readonly prev: string;
  /** On the first line of a day file only: the day of the previous file, so a removed day file is named. */
  readonly prevDay?: string;
  readonly event: AuditEvent;
  /** sha256 over `prev` and the canonical JSON of this line without `hash`. */
  readonly hash: string;
}

/** An entry before its hash is computed. */
export type UnhashedEntry = Omit<AuditEntry, 'hash'>;

/** sha256 over `prev` + the canonical JSON of the line without `hash`. */
export function computeEntryHash(entry: UnhashedEntry): string {
  return sha256Hex(entry.prev + canonicalJson(entry));
}

/** Adds the hash. */
export function sealEntry(entry: UnhashedEntry): AuditEntry {
  return { ...entry, hash: computeEntryHash(entry) };
}

/** The line as written: canonical JSON (sorted keys), so any change to its bytes is a change to its meaning. */
export function serializeEntry(entry: AuditEntry): string {
  return canonicalJson(entry);
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
/** The envelope verify checks; the event inside only has to be an object with a type, so old logs keep verifying. */
const entryShape = z.strictObject({
  v: z.literal(AUDIT_FORMAT_VERSION),
  seq: z.number().int().positive(),
  ts: z.string().min(1),
  prev: hex64,
  prevDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  event: z.looseObject({ type: z.string() }),
  hash: hex64,
});

/** What reading one line gives: the entry, or why it is not one. */
export type ParsedLine =
  | { readonly ok: true; readonly entry: AuditEntry }
  | { readonly ok: false; readonly reason: 'unparseable' | 'edited'; readonly detail: string };

/**
 * Reads one line (without its newline) and checks it on its own: it parses,
 * has the entry's shape, is byte for byte what we would write for it, and its
 * hash matches its content. The chain (prev, seq) is checked by the caller.
 */
export function parseEntryLine(line: string): ParsedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'unparseable', detail: 'not JSON' };
  }
  const shaped = entryShape.safeParse(raw);
  if (!shaped.success) {
    return { ok: false, reason: 'unparseable', detail: `not an audit entry (${shaped.error.issues[0]?.path.join('.') || 'line'}: ${shaped.error.issues[0]?.message})` };
  }
  const entry = shaped.data as unknown as AuditEntry;
  if (canonicalJson(raw) !== line) return { ok: false, reason: 'edited', detail: 'the line is not in its written form' };
  const { hash, ...unhashed } = entry;
  if (computeEntryHash(unhashed) !== hash) return { ok: false, reason: 'edited', detail: 'its content does not match its hash' };
  return { ok: true, entry };
}
