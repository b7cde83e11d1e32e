// Who has paired with a provider, and who is waiting: one small private file
// per provider under `$CLAWDOCK_HOME/gateway/pairing/`, changed under a lock
// and replaced atomically, so the gateway and `clawdock pairing approve` can
// both write it. Expired codes are dropped whenever the file is touched.
import { join } from 'node:path';
import { z } from 'zod';
import { ClawdockError } from '../../../core/errors';
import { readPrivateFileSync, withFileLockSync, writePrivateFileSync } from '../../../secrets';
import { newPairingCode, normalizePairingCode } from './pairing-code';

const FORMAT = 'clawdock-pairing/1';
/** A code is valid for an hour (issue 12). */
export const PAIRING_TTL_MS = 60 * 60 * 1000;
/** At most this many senders wait per provider; more get nothing. */
export const MAX_PENDING = 3;

const pendingSchema = z.strictObject({
  code: z.string(),
  senderId: z.string().min(1).max(200),
  name: z.string().max(200).optional(),
  createdAt: z.number(),
  expiresAt: z.number(),
});
const approvedSchema = z.strictObject({
  senderId: z.string().min(1).max(200),
  name: z.string().max(200).optional(),
  approvedAt: z.number(),
});
const fileSchema = z.strictObject({ format: z.literal(FORMAT), pending: z.array(pendingSchema), approved: z.array(approvedSchema) });

/** A sender waiting for the owner. */
export type PendingPairing = z.infer<typeof pendingSchema>;
/** A sender the owner approved. */
export type ApprovedSender = z.infer<typeof approvedSchema>;
type PairingFile = z.infer<typeof fileSchema>;

/** What asking to pair got. Only `issued` is answered (with the code); everything else gets no reply. */
export type PairingRequest =
  | { readonly kind: 'issued'; readonly code: string; readonly expiresAt: number }
  | { readonly kind: 'already-pending' }
  | { readonly kind: 'full' }
  | { readonly kind: 'approved' };

/** The pairing file of one provider. */
export function pairingFile(home: string, provider: string): string {
  return join(home, 'gateway', 'pairing', `${provider}.json`);
}

/** Options of a store. */
export interface PairingStoreOptions {
  readonly home: string;
  readonly provider: string;
  /** Milliseconds since the epoch (injected in tests). */
  readonly now?: () => number;
  readonly ttlMs?: number;
  readonly maxPending?: number;
}

/** The pairing state of one provider. */
export class PairingStore {
  readonly file: string;
  readonly #now: () => number;
  readonly #ttl: number;
  readonly #max: number;

  constructor(options: PairingStoreOptions) {
    this.file = pairingFile(options.home, options.provider);
    this.#now = options.now ?? Date.now;
    this.#ttl = options.ttlMs ?? PAIRING_TTL_MS;
    this.#max = options.maxPending ?? MAX_PENDING;
  }

  /** When the owner approved this sender's pairing; undefined when they did not (or it was revoked). */
  approvedAt(senderId: string): number | undefined {
    return this.#read().approved.find((a) => a.senderId === senderId)?.approvedAt;
  }

  /** Pending (unexpired) and approved senders. */
  list(): { readonly pending: PendingPairing[]; readonly approved: ApprovedSender[] } {
    const f = this.#read();
    const now = this.#now();
    return { pending: f.pending.filter((p) => p.expiresAt > now), approved: f.approved };
  }

  /** An unknown sender wrote: a code when they have none and there is room; nothing otherwise. */
  request(senderId: string, name?: string): PairingRequest {
    return this.#change((f, now) => {
      if (f.approved.some((a) => a.senderId === senderId)) return { kind: 'approved' };
      if (f.pending.some((p) => p.senderId === senderId)) return { kind: 'already-pending' };
      if (f.pending.length >= this.#max) return { kind: 'full' };
      const code = newPairingCode(new Set(f.pending.map((p) => p.code)));
      const expiresAt = now + this.#ttl;
      f.pending.push({ code, senderId, ...(name ? { name: name.slice(0, 200) } : {}), createdAt: now, expiresAt });
      return { kind: 'issued', code, expiresAt };
    });
  }

  /** The owner approves a code (case-insensitive); the sender joins the allowlist. */
  approve(typed: string): ApprovedSender {
    const code = normalizePairingCode(typed);
    if (!code) throw new ClawdockError(`${JSON.stringify(typed)} is not a pairing code`, { hint: 'a code is 8 letters and digits, as the bot sent it; `clawdock pairing list` shows the pending ones' });
    return this.#change((f, now) => {
      const pending = f.pending.find((p) => p.code === code);
      if (!pending) throw new ClawdockError(`no pending pairing has the code ${code} (it may have expired after an hour)`, { hint: 'ask the sender to write to the bot again for a new code; `clawdock pairing list` shows the pending ones' });
      f.pending = f.pending.filter((p) => p !== pending);
      const approved: ApprovedSender = { senderId: pending.senderId, ...(pending.name ? { name: pending.name } : {}), approvedAt: now };
      f.approved = [...f.approved.filter((a) => a.senderId !== pending.senderId), approved];
      return approved;
    });
  }

  /** Removes a sender's approval (and any pending code); false when they had neither. */
  revoke(senderId: string): boolean {
    return this.#change((f) => {
      const before = f.approved.length + f.pending.length;
      f.approved = f.approved.filter((a) => a.senderId !== senderId);
      f.pending = f.pending.filter((p) => p.senderId !== senderId);
      return f.approved.length + f.pending.length !== before;
    });
  }

  #change<T>(fn: (f: PairingFile, now: number) => T): T {
    return withFileLockSync(this.file, () => {
      const f = this.#read();
      const now = this.#now();
      f.pending = f.pending.filter((p) => p.expiresAt > now);
      const result = fn(f, now);
      writePrivateFileSync(this.file, `${JSON.stringify(f, null, 1)}\n`);
      return result;
    });
  }

  #read(): PairingFile {
    const text = readPrivateFileSync(this.file, 'the pairing store');
    if (text === undefined) return { format: FORMAT, pending: [], approved: [] };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ClawdockError(`the pairing store ${this.file} is not valid JSON`, { hint: 'fix it or remove it (every sender then pairs again)' });
    }
    const parsed = fileSchema.safeParse(value);
    if (!parsed.success) throw new ClawdockError(`the pairing store ${this.file} is not a ${FORMAT} file: ${parsed.error.issues[0]?.message ?? ''}`, { hint: 'fix it or remove it (every sender then pairs again)' });
    return parsed.data;
  }
}
