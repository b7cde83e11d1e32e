import { randomUUID } from 'node:crypto';
import type { Caller } from '../core/caller';
import type { Disposable } from '../core/disposable';
import type { Event } from '../core/event';
import { Emitter } from '../core/event';
import type { Logger } from '../core/logger';
import { silentLogger } from '../core/logger';
import { ClawdockError } from '../core/errors';
import type {
  AnswerResult, ApprovalAnswer, ApprovalChange, ApprovalItem, ApprovalOutcome, ApprovalRequest, EditSubject, HunkDecision, HunkResult,
} from './approval';
import { requestedEvent, resolvedEvent } from './approval-audit';
import type { ApprovalRecorder } from './approval-audit';
import { systemApprovalClock } from './approval-clock';
import type { ApprovalClock, TimerHandle } from './approval-clock';
import type { ApprovalStore } from './approval-store';
import { memoryApprovalStore } from './approval-store';
import { summarizeRequest } from './decision-summary';
import { computeHunks } from './hunks';
import { bindingSha256 } from './subject-binding';

/** Default `approvals.timeoutSeconds`: ten minutes. */
export const DEFAULT_APPROVAL_TIMEOUT_SECONDS = 600;
/** Longest timeout accepted (a week); 0 means never. */
export const MAX_APPROVAL_TIMEOUT_SECONDS = 7 * 24 * 3600;

/** What an approval queue is built with. */
export interface ApprovalQueueOptions {
  /** Where pending items are kept across reloads (default: memory only). */
  readonly store?: ApprovalStore;
  readonly clock?: ApprovalClock;
  /** Unanswered items expire after this many seconds (default 600; 0 = never; clamped to a week). */
  readonly timeoutSeconds?: number;
  /** Writes approval events durably before outcomes take effect (the audit log). */
  readonly record?: ApprovalRecorder;
  readonly logger?: Logger;
  readonly newId?: () => string;
}

/** A submitted approval: the item as queued, and its outcome once answered, expired or cancelled. */
export interface PendingApproval {
  readonly item: ApprovalItem;
  readonly outcome: Promise<ApprovalOutcome>;
}

/** Runs an approved item whose requester is not waiting (host-executed or restored after a reload). */
export type HostExecutor = (item: ApprovalItem, outcome: ApprovalOutcome) => Promise<void>;

/**
 * The approvals of one window: pending items, answers from the owner only,
 * expiry that fails closed, persistence across reloads. Plain Node; the editor
 * views, the chat panel and the CLI are surfaces over it.
 */
export class ApprovalQueue implements Disposable {
  private readonly items = new Map<string, ApprovalItem>();
  private readonly waiters = new Map<string, (outcome: ApprovalOutcome) => void>();
  private readonly timers = new Map<string, TimerHandle>();
  private readonly busy = new Set<string>();
  private readonly store: ApprovalStore;
  private readonly clock: ApprovalClock;
  private readonly logger: Logger;
  private readonly newId: () => string;
  private timeoutMs: number;
  private saving: Promise<void> = Promise.resolve();
  private hostExecutor: HostExecutor | undefined;

  private readonly _onDidChange = new Emitter<ApprovalChange>();
  /** Fires when an item is added, progresses (edit hunks) or is resolved. */
  readonly onDidChange: Event<ApprovalChange> = this._onDidChange.event;

  constructor(private readonly options: ApprovalQueueOptions = {}) {
    this.store = options.store ?? memoryApprovalStore();
    this.clock = options.clock ?? systemApprovalClock;
    this.logger = options.logger ?? silentLogger;
    this.newId = options.newId ?? randomUUID;
    this.timeoutMs = clampTimeout(options.timeoutSeconds) * 1000;
  }

  /** Items still waiting for an answer, oldest first. */
  pending(): ApprovalItem[] {
    return [...this.items.values()].filter((i) => i.status === 'pending').sort((a, b) => a.createdAt - b.createdAt);
  }

  get(id: string): ApprovalItem | undefined {
    return this.items.get(id);
  }

  /** Applies to items submitted from now on. */
  setTimeoutSeconds(seconds: number): void {
    this.timeoutMs = clampTimeout(seconds) * 1000;
  }

  /** Who runs approved items nobody awaits: host-executed ones and those restored after a reload. */
  setHostExecutor(executor: HostExecutor | undefined): void {
    this.hostExecutor = executor;
  }

  /**
   * Loads what the store kept: items still in time come back pending (run by the
   * host once approved, their requester being gone); items past their time are
   * expired (and recorded) right away. Returns the items restored as pending.
   */
  async restore(): Promise<ApprovalItem[]> {
    const now = this.clock.now();
    const restored: ApprovalItem[] = [];
    for (const stored of await this.store.load()) {
      if (stored.status !== 'pending' || this.items.has(stored.id)) continue;
      const item: ApprovalItem = { ...stored, executor: 'host', restored: true };
      this.items.set(item.id, item);
      if (item.expiresAt !== null && item.expiresAt <= now) {
        await this.expire(item.id);
      } else {
        this.schedule(item);
        restored.push(item);
        this._onDidChange.fire({ type: 'added', item });
      }
    }
    await this.persist();
    return restored;
  }

  /**
   * Queues an approval (recorded and saved first) and returns it with its outcome
   * to come. Holds commands and edits; a read is refused (ClawdockError).
   */
  async submit(request: ApprovalRequest): Promise<PendingApproval> {
    const now = this.clock.now();
    const subject = request.subject;
    if (subject.kind === 'read') throw new ClawdockError(`the approval queue holds commands and edits, not a ${subject.tool} read`, { hint: 'ask about reads in a dialog' });
    const item: ApprovalItem = {
      id: this.newId(),
      kind: subject.kind,
      createdAt: now,
      expiresAt: this.timeoutMs > 0 ? now + this.timeoutMs : null,
      caller: request.caller,
      toolCall: { tool: request.toolCall.tool, args: request.toolCall.args, ...(request.callId !== undefined ? { callId: request.callId } : {}) },
      decision: summarizeRequest(request),
      binding: bindingSha256(subject),
      subject,
      workspace: request.workspace,
      status: 'pending',
      executor: request.executor ?? 'requester',
      restored: false,
      ...(subject.kind === 'edit' ? { hunks: initialHunks(subject) } : {}),
    };
    // Recorded before it exists: an approval the audit does not know of must not be answerable.
    await this.options.record?.(requestedEvent(item), item);
    const outcome = new Promise<ApprovalOutcome>((resolve) => this.waiters.set(item.id, resolve));
    this.items.set(item.id, item);
    this.schedule(item);
    await this.persist();
    this._onDidChange.fire({ type: 'added', item });
    return { item, outcome };
  }

  /** Queues an approval and waits for its outcome. Anything but approved (or partially approved) means: do not run. */
  async request(request: ApprovalRequest): Promise<ApprovalOutcome> {
    return (await this.submit(request)).outcome;
  }

  /** Why `by` may not answer item `id` now, or undefined when it may. */
  refusal(id: string, by: Caller): string | undefined {
    const item = this.items.get(id);
    if (!item) return `there is no approval ${id}`;
    if (by.profile !== 'owner') return `only the owner may answer approvals; ${by.id} (${by.profile}, via ${by.surface}) may not`;
    if (item.status !== 'pending') return `approval ${id} is already ${item.status}`;
    if (this.busy.has(id)) return `approval ${id} is being answered`;
    if (item.expiresAt !== null && item.expiresAt <= this.clock.now()) return `approval ${id} has expired`;
    // The item shown must be the item bound: a changed subject could not be what the person saw.
    if (bindingSha256(item.subject) !== item.binding) return `approval ${id} no longer matches its binding`;
    return undefined;
  }

  /** Answers an item as `by` (the owner only). An edit can only be rejected here; its hunks are accepted through EditReview. */
  async answer(id: string, answer: ApprovalAnswer, by: Caller): Promise<AnswerResult> {
    const refused = this.refusal(id, by);
    if (refused) return { ok: false, reason: refused };
    const item = this.items.get(id) as ApprovalItem;
    const at = this.clock.now();
    const note = answer.note?.trim() ? { note: answer.note.trim() } : {};
    const who = { by: by.id, surface: by.surface, at, approvalId: id, ...note };
    let outcome: ApprovalOutcome;
    if (answer.verdict === 'approve') {
      if (item.kind === 'edit') return { ok: false, reason: 'an edit is accepted hunk by hunk (Accept / Accept all), which writes it; it cannot be approved without writing' };
      outcome = { status: 'approved', ...who, scope: answer.scope ?? 'once' };
    } else if (item.hunks && item.hunks.accepted.length > 0) {
      const rejected = range(item.hunks.count).filter((i) => !item.hunks?.accepted.includes(i));
      outcome = { status: 'partially-approved', ...who, acceptedHunks: item.hunks.accepted, rejectedHunks: rejected, written: { sha256: item.hunks.diskSha256 } };
    } else {
      outcome = { status: 'rejected', ...who };
    }
    return this.resolve(item, outcome);
  }

  /**
   * Records hunks an edit review decided (after it wrote the accepted ones). Once
   * every hunk is decided the item resolves: approved (all accepted), partially
   * approved, or rejected (none).
   */
  async decideHunks(id: string, decision: HunkDecision, by: Caller): Promise<HunkResult> {
    const refused = this.refusal(id, by);
    if (refused) return { ok: false, reason: refused };
    const item = this.items.get(id) as ApprovalItem;
    const hunks = item.hunks;
    if (!hunks) return { ok: false, reason: `approval ${id} is not an edit` };
    const accepted = new Set(hunks.accepted);
    const rejected = new Set(hunks.rejected);
    for (const [list, into] of [[decision.accepted ?? [], accepted], [decision.rejected ?? [], rejected]] as const) {
      for (const i of list) {
        if (!Number.isInteger(i) || i < 0 || i >= hunks.count) return { ok: false, reason: `edit ${id} has no hunk ${i}` };
        if (accepted.has(i) || rejected.has(i)) return { ok: false, reason: `hunk ${i} of edit ${id} is already decided` };
        into.add(i);
      }
    }
    const next: ApprovalItem = { ...item, hunks: { ...hunks, accepted: [...accepted].sort((a, b) => a - b), rejected: [...rejected].sort((a, b) => a - b), diskSha256: decision.diskSha256 } };
    this.items.set(id, next);
    if (accepted.size + rejected.size < hunks.count) {
      await this.persist();
      this._onDidChange.fire({ type: 'updated', item: next });
      return { ok: true, item: next };
    }
    const note = decision.note?.trim() ? { note: decision.note.trim() } : {};
    const who = { by: by.id, surface: by.surface, at: this.clock.now(), approvalId: id, ...note };
    const acceptedHunks = next.hunks?.accepted ?? [];
    // The review wrote every accepted hunk before this: the requester must not write again.
    const written = { sha256: decision.diskSha256 };
    const outcome: ApprovalOutcome = acceptedHunks.length === hunks.count
      ? { status: 'approved', ...who, scope: 'once', written }
      : acceptedHunks.length === 0
        ? { status: 'rejected', ...who }
        : { status: 'partially-approved', ...who, acceptedHunks, rejectedHunks: next.hunks?.rejected ?? [], written };
    return this.resolve(next, outcome);
  }

  /** Ends an item without an answer (the requester went away, the kill switch, a file changed under an edit). Nothing runs. */
  async cancel(id: string, reason: string): Promise<ApprovalItem | undefined> {
    const item = this.items.get(id);
    if (!item || item.status !== 'pending') return undefined;
    const accepted = item.hunks?.accepted ?? [];
    // Hunks accepted before the cancel stay written: whoever is told of the cancel must know.
    const kept = accepted.length > 0 ? ` (hunks ${accepted.join(', ')} had already been accepted and written)` : '';
    const result = await this.resolve(item, { status: 'cancelled', at: this.clock.now(), reason: `${reason}${kept}`, ...(accepted.length > 0 ? { acceptedHunks: accepted } : {}) });
    return result.ok ? result.item : undefined;
  }

  private async resolve(item: ApprovalItem, outcome: ApprovalOutcome): Promise<AnswerResult> {
    this.busy.add(item.id);
    try {
      const event = resolvedEvent(item, outcome);
      if (event) {
        try {
          await this.options.record?.(event, item);
        } catch (err) {
          // Not recorded, not answered: an approval must not take effect unaudited. Expiry still fails closed below.
          if (outcome.status !== 'expired') return { ok: false, reason: `the audit log could not record the answer, so it was not taken: ${(err as Error).message}` };
          this.logger.warn(`approval ${item.id} expired but the audit log could not record it: ${(err as Error).message}`);
        }
      }
      const resolved: ApprovalItem = { ...item, status: outcome.status, outcome };
      this.items.set(item.id, resolved);
      this.timers.get(item.id)?.cancel();
      this.timers.delete(item.id);
      await this.persist();
      const waiter = this.waiters.get(item.id);
      this.waiters.delete(item.id);
      waiter?.(outcome);
      this._onDidChange.fire({ type: 'resolved', item: resolved });
      // Resolved items are kept only for this session's views; a later reload forgets them.
      const runs = resolved.executor === 'host' && resolved.kind === 'command' && outcome.status === 'approved';
      const hostRun = runs && this.hostExecutor ? this.hostExecutor(resolved, outcome) : undefined;
      if (runs && !this.hostExecutor) this.logger.warn(`approval ${item.id} was approved but no host executor is set; it did not run`);
      return { ok: true, item: resolved, outcome, ...(hostRun ? { hostRun } : {}) };
    } finally {
      this.busy.delete(item.id);
    }
  }

  private schedule(item: ApprovalItem): void {
    if (item.expiresAt === null) return;
    this.timers.set(item.id, this.clock.setTimer(item.expiresAt - this.clock.now(), () => void this.expire(item.id)));
  }

  private async expire(id: string): Promise<void> {
    const item = this.items.get(id);
    if (!item || item.status !== 'pending' || item.expiresAt === null) return;
    if (this.busy.has(id)) return;
    const now = this.clock.now();
    if (now < item.expiresAt) {
      this.schedule(item);
      return;
    }
    await this.resolve(item, { status: 'expired', at: now, afterMs: now - item.createdAt });
  }

  private persist(): Promise<void> {
    // Saves run one after another, each writing the state at its turn.
    this.saving = this.saving.then(async () => {
      try {
        await this.store.save(this.pending());
      } catch (err) {
        this.logger.warn(`pending approvals could not be saved; they will not survive a reload: ${(err as Error).message}`);
      }
    });
    return this.saving;
  }

  /**
   * Stops timers and tells waiting requesters their approval is cancelled for
   * them; the items stay saved and come back (host-executed) after a reload.
   */
  dispose(): void {
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
    for (const [id, waiter] of this.waiters) waiter({ status: 'cancelled', at: this.clock.now(), reason: `the window closed while approval ${id} was pending` });
    this.waiters.clear();
    this._onDidChange.dispose();
  }
}

function clampTimeout(seconds: number | undefined): number {
  if (seconds === undefined || !Number.isFinite(seconds)) return DEFAULT_APPROVAL_TIMEOUT_SECONDS;
  return Math.min(MAX_APPROVAL_TIMEOUT_SECONDS, Math.max(0, Math.round(seconds)));
}

function initialHunks(subject: EditSubject) {
  // The file's bytes as proposed (not the hash of the decoded text: a byte-order mark counts).
  return { count: computeHunks(subject.before, subject.after).hunks.length, accepted: [], rejected: [], diskSha256: subject.beforeSha256 };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
