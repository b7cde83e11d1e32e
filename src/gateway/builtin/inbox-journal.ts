// Accepted messages not yet answered, on disk before the provider confirms
// their delivery: a crash, a dropped connection or a SIGTERM loses none of
// them. Entries leave the journal once answered. A delivery seen twice (the
// app handing it out again) is taken once.
import { z } from 'zod';
import { ClawdockError } from '../../core/errors';
import { readPrivateFileSync, withFileLockSync, writePrivateFileSync } from '../../secrets';

const FORMAT = 'clawdock-gateway-inbox/1';

const entrySchema = z.strictObject({
  id: z.string(),
  provider: z.string(),
  deliveryId: z.string(),
  chatId: z.string(),
  chatKind: z.enum(['dm', 'group']),
  messageId: z.string(),
  /** The conversation, which has its own agent session. */
  conversation: z.string(),
  caller: z.strictObject({ profile: z.enum(['owner', 'paired', 'group', 'readonly']), surface: z.enum(['editor', 'chat', 'cli', 'gateway']), id: z.string() }),
  text: z.string(),
  acceptedAt: z.number(),
  /** Times a run of it began (a shutdown mid-run leaves it here to run again). */
  attempts: z.number().int().min(0),
});
const fileSchema = z.strictObject({ format: z.literal(FORMAT), entries: z.array(entrySchema) });

/** One accepted message. */
export type InboxEntry = z.infer<typeof entrySchema>;

/** The journal of one gateway. */
export class InboxJournal {
  constructor(readonly file: string) {}

  /** Entries, oldest first. */
  entries(): InboxEntry[] {
    return this.#read().entries;
  }

  /** Adds an entry; false when the same delivery is already here. */
  add(entry: InboxEntry): boolean {
    return this.#change((entries) => {
      if (entries.some((e) => e.provider === entry.provider && e.deliveryId === entry.deliveryId)) return { entries, result: false };
      return { entries: [...entries, entry], result: true };
    });
  }

  /** Counts a run attempt of an entry. */
  attempt(id: string): void {
    this.#change((entries) => ({ entries: entries.map((e) => (e.id === id ? { ...e, attempts: e.attempts + 1 } : e)), result: undefined }));
  }

  /** Removes an answered entry. */
  remove(id: string): void {
    this.#change((entries) => ({ entries: entries.filter((e) => e.id !== id), result: undefined }));
  }

  #change<T>(fn: (entries: InboxEntry[]) => { entries: InboxEntry[]; result: T }): T {
    return withFileLockSync(this.file, () => {
      const { entries, result } = fn(this.#read().entries);
      writePrivateFileSync(this.file, `${JSON.stringify({ format: FORMAT, entries })}\n`);
      return result;
    });
  }

  #read(): z.infer<typeof fileSchema> {
    const text = readPrivateFileSync(this.file, 'the gateway inbox');
    if (text === undefined) return { format: FORMAT, entries: [] };
    const parsed = fileSchema.safeParse((() => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    })());
    if (!parsed.success) throw new ClawdockError(`the gateway inbox ${this.file} is damaged`, { hint: 'move it aside (its unanswered messages are then lost) and start the gateway again' });
    return parsed.data;
  }
}
