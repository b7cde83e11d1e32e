// Sessions persist as JSON Lines, one file per session in a per-workspace
// folder, so the chat panel (or `clawdock agent run --continue`) can reopen
// one and go on. Lines are appended as things happen; a line torn by a crash
// at the very end is ignored on reading, anything else damaged is an error.
//
//   {"v":1,"type":"session","id":…,"createdAt":…,"workspace":…,"provider":…,"model":…}
//   {"type":"task","at":…,"caller":{…},"text":…}
//   {"type":"turn","at":…,"turn":{"role":"user"|"assistant"|"tool-result",…}}
//   {"type":"stop","at":…,"reason":…,"message":…}
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Caller } from '../core/caller';
import type { TurnStopReason } from './agent-events';
import type { Turn } from './providers';
import { TranscriptError } from './transcript-error';
import { readDirOrEmpty } from '../core/read-dir-or-empty';

/** The first line of a transcript. */
export interface SessionHeader {
  readonly v: 1;
  readonly type: 'session';
  readonly id: string;
  /** ISO time. */
  readonly createdAt: string;
  readonly workspace: string;
  readonly provider?: string;
  readonly model?: string;
}

/** One line of a transcript after the header. */
export type TranscriptEntry =
  | { readonly type: 'task'; readonly at: string; readonly caller: Caller; readonly text: string }
  | { readonly type: 'turn'; readonly at: string; readonly turn: Turn }
  | { readonly type: 'stop'; readonly at: string; readonly reason: TurnStopReason; readonly message: string };

/** A transcript as read back. */
export interface LoadedTranscript {
  readonly header: SessionHeader;
  readonly entries: readonly TranscriptEntry[];
  /** The conversation: every `turn` entry in order. */
  readonly turns: readonly Turn[];
}

/** A saved session, for a picker. */
export interface SessionSummary {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The first task, shortened. */
  readonly title: string;
}

const ID = /^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$/;

/** A new session id: sortable by time, unguessable enough to be a file name. */
export function newSessionId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Whether `id` is the shape of a session id (and so a safe file name). */
export function isSessionId(id: string): boolean {
  return ID.test(id);
}

/** Appends to one session's transcript; created 0600 in a 0700 folder. */
export class TranscriptWriter {
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly handle: FileHandle,
    /** The transcript file. */
    readonly file: string,
  ) {}

  /** Creates a new transcript with its header. */
  static async create(dir: string, header: SessionHeader): Promise<TranscriptWriter> {
    const writer = await TranscriptWriter.open(dir, header.id);
    await writer.append(header);
    return writer;
  }

  /** Opens an existing (or new) transcript for appending. */
  static async open(dir: string, id: string): Promise<TranscriptWriter> {
    const file = transcriptFile(dir, id);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const handle = await open(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
    return new TranscriptWriter(handle, file);
  }

  /** Appends one line; lines keep the order of calls. */
  append(entry: SessionHeader | TranscriptEntry): Promise<void> {
    const run = this.#queue.then(() => this.handle.appendFile(`${JSON.stringify(entry)}\n`, 'utf8'));
    this.#queue = run.catch(() => undefined);
    return run.catch((error: unknown) => {
      throw new TranscriptError(`cannot write the session transcript ${this.file}: ${(error as Error).message}`, { cause: error });
    });
  }

  async close(): Promise<void> {
    await this.#queue;
    await this.handle.close().catch(() => undefined);
  }
}

/** The file of a session in a sessions folder. */
export function transcriptFile(dir: string, id: string): string {
  if (!isSessionId(id)) throw new TranscriptError(`${JSON.stringify(id)} is not a session id`, { hint: 'list sessions with `clawdock agent sessions`' });
  return join(dir, `${id}.jsonl`);
}

/** Reads a transcript back; a torn last line (a crash mid-write) is ignored. */
export async function readTranscript(dir: string, id: string): Promise<LoadedTranscript> {
  const file = transcriptFile(dir, id);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new TranscriptError(missing ? `no session ${id} in ${dir}` : `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  return parseTranscript(text, file);
}

/** Parses transcript text (exported for tests). */
export function parseTranscript(text: string, file = 'transcript'): LoadedTranscript {
  const lines = text.split('\n');
  // What follows the last newline is empty, or a line torn by a crash: either way not part of the record.
  const complete = lines.slice(0, -1);
  const parsed: unknown[] = [];
  complete.forEach((line, i) => {
    try {
      parsed.push(JSON.parse(line));
    } catch {
      throw new TranscriptError(`${file} line ${i + 1} is not valid JSON; the transcript is damaged`);
    }
  });
  const [header, ...rest] = parsed as [SessionHeader | undefined, ...TranscriptEntry[]];
  if (!header || header.type !== 'session' || header.v !== 1) throw new TranscriptError(`${file} does not start with a session header`);
  const entries = rest.filter((e) => e && (e.type === 'task' || e.type === 'turn' || e.type === 'stop'));
  return { header, entries, turns: entries.flatMap((e) => (e.type === 'turn' ? [e.turn] : [])) };
}

/** The sessions in a folder, newest first. */
export async function listSessions(dir: string): Promise<SessionSummary[]> {
  const names = await readDirOrEmpty(dir);
  const out: SessionSummary[] = [];
  for (const name of names) {
    const id = name.replace(/\.jsonl$/, '');
    if (!name.endsWith('.jsonl') || !isSessionId(id)) continue;
    try {
      const t = await readTranscript(dir, id);
      const task = t.entries.find((e) => e.type === 'task');
      const title = task?.type === 'task' ? task.text.replace(/\s+/g, ' ').slice(0, 80) : '(no task)';
      out.push({ id, createdAt: t.header.createdAt, updatedAt: (await stat(join(dir, name))).mtime.toISOString(), title });
    } catch {
      // A damaged transcript is not listed; opening it by id says what is wrong.
    }
  }
  return out.sort((a, b) => (a.id < b.id ? 1 : -1));
}
