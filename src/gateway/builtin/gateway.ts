// The built-in gateway's core: every delivery from every provider passes the
// gate (identity), then the rate and size limits, and only then is accepted —
// written to the journal and audited — and queued for the agent (scope is the
// policy's, per the caller's profile). Tasks run one at a time; each reply is
// redacted and cut to size. Every message is audited with what became of it.
import { randomUUID } from 'node:crypto';
import type { AgentAudit } from '../../agent';
import type { Event } from '../../core/event';
import { Emitter } from '../../core/event';
import type { Logger } from '../../core/logger';
import { chatCaller } from '../caller-profile';
import { gateMessage, pairedDecision, type AccessRules } from './access/message-gate';
import { MAX_PENDING, type PairingStore } from './access/pairing-store';
import { RateLimiter, type RateRule } from './access/rate-limiter';
import type { AgentDispatch, GatewayTaskResult } from './agent-dispatch';
import type { ChatProvider, InboundMessage, MalformedDelivery } from './chat-provider';
import type { InboxEntry, InboxJournal } from './inbox-journal';
import type { OwnerApprovals } from './owner-approvals';

/** One provider with its rules. */
export interface ProviderSetup {
  readonly provider: ChatProvider;
  readonly rules: AccessRules;
  readonly pairing: PairingStore;
  readonly rate: { readonly perSender: RateRule; readonly perGroup: RateRule };
  readonly maxMessageChars: number;
  readonly maxReplyChars: number;
  /** The owner may answer approvals with /approve and /deny in their DM. */
  readonly ownerApprovals: boolean;
}

/** What the gateway is built from. */
export interface GatewayOptions {
  readonly providers: readonly ProviderSetup[];
  /** The agent to run the next task on (the window's when one is connected, else the headless one). */
  readonly dispatch: () => AgentDispatch;
  readonly approvals: OwnerApprovals;
  readonly journal: InboxJournal;
  readonly audit: AgentAudit;
  /** The one redactor, over every reply. */
  readonly redact: (text: string) => string;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Most accepted messages waiting at once (default 50); more are refused as rate-limited. */
  readonly maxQueued?: number;
}

/** What the gateway is doing, for `clawdock gateway` output and the extension. */
export interface GatewayState {
  readonly providers: readonly { readonly id: string }[];
  readonly agent: 'window' | 'headless';
  readonly queued: number;
  /** The caller of the task running now. */
  readonly running?: string;
}

/** A run halted on a violation; the owner is told. */
export interface HaltNotice {
  readonly caller: string;
  readonly origin: string;
  readonly message: string;
}

const APPROVAL_COMMAND = /^\/(approve|deny)(?:@\w+)?\s+(\S+)(?:\s+([\s\S]*))?$/i;
const MAX_ATTEMPTS = 2;

/** The gateway. */
export class Gateway {
  readonly #options: GatewayOptions;
  readonly #limiter: RateLimiter;
  readonly #bySetup = new Map<string, ProviderSetup>();
  #stopping = false;
  #wake: (() => void) | undefined;
  #running: { entry: InboxEntry; abort: AbortController } | undefined;
  /** Resolves `stop()`'s wait once the running task has ended. */
  #idleWaiter: (() => void) | undefined;
  readonly #onDidChangeState = new Emitter<GatewayState>();
  /** Fires when the queue or the running task changes. */
  readonly onDidChangeState: Event<GatewayState> = this.#onDidChangeState.event;
  readonly #onDidHalt = new Emitter<HaltNotice>();
  /** Fires when a non-owner's run was halted on a violation. */
  readonly onDidHalt: Event<HaltNotice> = this.#onDidHalt.event;

  constructor(options: GatewayOptions) {
    this.#options = options;
    this.#limiter = new RateLimiter(options.now ?? Date.now);
    for (const setup of options.providers) this.#bySetup.set(setup.provider.id, setup);
  }

  /** The state now. */
  state(): GatewayState {
    return {
      providers: this.#options.providers.map((s) => ({ id: s.provider.id })),
      agent: this.#options.dispatch().kind,
      queued: this.#options.journal.entries().length,
      ...(this.#running ? { running: this.#running.entry.caller.id } : {}),
    };
  }

  /** Runs the providers and the worker until `stop()`. A provider that fails for good (a refused token) rejects. */
  async run(): Promise<void> {
    const pending = this.#options.journal.entries().length;
    if (pending > 0) this.#options.logger.info(`gateway: ${pending} accepted message(s) from before the last stop will run first`);
    const worker = this.#work();
    try {
      await Promise.all(this.#options.providers.map((setup) => setup.provider.run({
        message: (m) => this.#onMessage(setup, m),
        malformed: (d) => this.#onMalformed(d),
      })));
    } catch (error) {
      await this.stop(0);
      await worker;
      throw error;
    }
    await worker;
  }

  /**
   * Stops receiving at once, lets the running task finish for up to `graceMs`,
   * then cancels it. Whatever was accepted and not answered stays in the
   * journal and runs at the next start.
   */
  async stop(graceMs: number): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    await Promise.all(this.#options.providers.map((s) => s.provider.stop()));
    this.#wake?.();
    const running = this.#running;
    if (running) {
      const timer = setTimeout(() => {
        this.#options.logger.warn(`gateway: cancelling the running task of ${running.entry.caller.id}; it runs again at the next start`);
        running.abort.abort(new Error('the gateway is shutting down'));
        this.#options.approvals.cancelAll();
      }, graceMs);
      await this.#idle();
      clearTimeout(timer);
    }
  }

  /** Sends a message on a provider (redacted, cut to its size). */
  async send(providerId: string, chatId: string, text: string, replyTo?: string): Promise<void> {
    const setup = this.#bySetup.get(providerId);
    if (!setup) return;
    const safe = cut(this.#options.redact(text), setup.maxReplyChars);
    await setup.provider.send(chatId, safe, replyTo);
  }

  async #onMalformed(d: MalformedDelivery): Promise<void> {
    this.#options.logger.warn(`gateway: ${d.provider} update ${d.deliveryId ?? '(no id)'} rejected as malformed: ${d.reason}`);
    await this.#options.audit.append({ type: 'gateway-message', channel: d.provider, sender: 'unknown', chat: 'dm', decision: 'rejected', reason: `malformed update ${d.deliveryId ?? ''}: ${d.reason}`.slice(0, 1000) });
  }

  async #onMessage(setup: ProviderSetup, m: InboundMessage): Promise<void> {
    const record = (decision: 'accepted' | 'pairing-code-sent' | 'ignored' | 'ignored-no-mention' | 'rejected' | 'rate-limited', reason: string) =>
      this.#options.audit.append({
        type: 'gateway-message', channel: m.provider, sender: m.sender.id.slice(0, 200) || 'unknown', chat: m.chat.kind, decision,
        reason: reason.slice(0, 1000), ...(m.text ? { excerpt: m.text.slice(0, 200) } : {}),
      });
    if (this.#stopping) throw new Error('the gateway is stopping'); // not taken: fetched again at the next start
    if (m.text.trim() === '') return void (await record('ignored', 'not a text message'));

    const command = APPROVAL_COMMAND.exec(m.text.trim());
    if (command) {
      const isOwner = m.chat.kind === 'dm' && setup.rules.owner !== undefined && m.sender.id === setup.rules.owner;
      if (!isOwner || !setup.ownerApprovals) {
        return void (await record('ignored', isOwner ? 'approval commands are off for this provider (ownerApprovals)' : 'approval commands are answered only by the owner, in the owner\'s DM'));
      }
      await record('accepted', 'the owner\'s approval command');
      const reply = this.#options.approvals.answer(command[1]?.toLowerCase() === 'approve' ? 'approve' : 'deny', command[2] ?? '', command[3]?.trim());
      return this.send(setup.provider.id, m.chat.id, reply, m.messageId);
    }

    let gate = gateMessage(m, setup.rules, (id) => setup.pairing.approvedAt(id));
    if (gate.kind === 'pair') {
      const r = setup.pairing.request(m.sender.id, m.sender.name);
      if (r.kind === 'already-pending') return void (await record('ignored', 'a pairing code was already sent; waiting for the owner'));
      if (r.kind === 'full') return void (await record('ignored', `${MAX_PENDING} pairing requests are already pending for ${m.provider}`));
      if (r.kind === 'issued') {
        try {
          await this.send(setup.provider.id, m.chat.id, pairingText(r.code, m.provider), m.messageId);
        } catch (error) {
          // Undo, so the delivery fetched again gets its one reply.
          setup.pairing.revoke(m.sender.id);
          throw error;
        }
        return void (await record('pairing-code-sent', `unknown sender under dmPolicy "pairing"; the code is valid until ${new Date(r.expiresAt).toISOString()}`));
      }
      gate = pairedDecision(setup.pairing.approvedAt(m.sender.id) ?? (this.#options.now ?? Date.now)());
    }
    if (gate.kind === 'drop') return void (await record(gate.decision, gate.reason));

    const caller = chatCaller(m.provider, m.sender.id, gate.origin);
    if (!this.#limiter.take(`${m.provider}:sender:${m.sender.id}`, setup.rate.perSender)) {
      return void (await record('rate-limited', `more than ${setup.rate.perSender.messages} messages in ${setup.rate.perSender.perSeconds} s from this sender (rateLimit.perSender)`));
    }
    if (m.chat.kind === 'group' && !this.#limiter.take(`${m.provider}:group:${m.chat.id}`, setup.rate.perGroup)) {
      return void (await record('rate-limited', `more than ${setup.rate.perGroup.messages} messages in ${setup.rate.perGroup.perSeconds} s in this group (rateLimit.perGroup)`));
    }
    if (m.text.length > setup.maxMessageChars) {
      await record('rejected', `message too long: ${m.text.length} characters, the limit is ${setup.maxMessageChars} (maxMessageChars)`);
      return this.send(setup.provider.id, m.chat.id, `That message is too long (${m.text.length} characters; the limit is ${setup.maxMessageChars}).`, m.messageId);
    }
    const journal = this.#options.journal;
    if (journal.entries().length >= (this.#options.maxQueued ?? 50)) return void (await record('rate-limited', 'the gateway\'s queue is full'));

    const conversation = m.chat.kind === 'dm' ? `${m.provider}:dm:${m.sender.id}` : `${m.provider}:group:${m.chat.id}`;
    const entry: InboxEntry = {
      id: randomUUID(), provider: m.provider, deliveryId: m.deliveryId, chatId: m.chat.id, chatKind: m.chat.kind, messageId: m.messageId,
      conversation, caller, text: m.text, acceptedAt: (this.#options.now ?? Date.now)(), attempts: 0,
    };
    await record('accepted', `${caller.profile} profile (${gate.origin.kind}): ${gate.basis}`);
    if (!journal.add(entry)) return;
    this.#changed();
    this.#wake?.();
  }

  async #work(): Promise<void> {
    while (!this.#stopping) {
      const entry = this.#options.journal.entries()[0];
      if (!entry) {
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        this.#wake = undefined;
        continue;
      }
      await this.#runEntry(entry);
    }
  }

  async #runEntry(entry: InboxEntry): Promise<void> {
    const { journal, logger } = this.#options;
    if (entry.attempts >= MAX_ATTEMPTS) {
      logger.warn(`gateway: giving up on a message from ${entry.caller.id} interrupted ${entry.attempts} times`);
      await this.#reply(entry, 'This request was interrupted twice by a gateway restart and was not completed. Send it again if it is still wanted.');
      journal.remove(entry.id);
      return;
    }
    journal.attempt(entry.id);
    const abort = new AbortController();
    this.#running = { entry, abort };
    this.#changed();
    let result: GatewayTaskResult;
    try {
      const dispatch = this.#options.dispatch();
      logger.info(`gateway: running a message from ${entry.caller.id} (${entry.caller.profile}) on the ${dispatch.kind} agent`);
      result = await dispatch.run({ id: entry.id, conversation: entry.conversation, caller: entry.caller, text: entry.text, origin: originOf(entry) }, abort.signal);
    } catch (error) {
      result = { stop: { reason: 'error', message: `The agent could not run this: ${(error as Error).message}`, endedAfterRefusal: false }, text: '' };
    } finally {
      this.#running = undefined;
      this.#idleWaiter?.();
    }
    if (abort.signal.aborted && this.#stopping) {
      this.#changed();
      return; // stays in the journal: it runs again at the next start
    }
    await this.#reply(entry, replyText(result));
    if (result.stop.reason === 'halted') await this.#tellOwner(entry, result.stop.message);
    journal.remove(entry.id);
    this.#changed();
  }

  #idle(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => {
      this.#idleWaiter = resolve;
    });
  }

  async #reply(entry: InboxEntry, text: string): Promise<void> {
    try {
      await this.send(entry.provider, entry.chatId, text, entry.messageId);
    } catch (error) {
      this.#options.logger.error(`gateway: the reply to ${entry.caller.id} could not be sent: ${(error as Error).message}`);
    }
  }

  async #tellOwner(entry: InboxEntry, message: string): Promise<void> {
    const notice: HaltNotice = { caller: entry.caller.id, origin: originOf(entry), message };
    this.#options.logger.warn(`gateway: halted the run of ${notice.caller} (${notice.origin}): ${message}`);
    try {
      this.#onDidHalt.fire(notice);
    } catch {
      // A listener failing must not stop the gateway.
    }
    const owner = this.#bySetup.get(entry.provider)?.rules.owner;
    if (owner === undefined || (entry.chatKind === 'dm' && entry.chatId === owner)) return;
    try {
      await this.send(entry.provider, owner, `Clawdock halted a run for ${entry.caller.id} (${entry.caller.profile}, ${notice.origin}): ${message}`);
    } catch (error) {
      this.#options.logger.error(`gateway: could not tell the owner about a halted run: ${(error as Error).message}`);
    }
  }

  #changed(): void {
    try {
      this.#onDidChangeState.fire(this.state());
    } catch {
      // A view failing must not stop the gateway.
    }
  }
}

function originOf(entry: InboxEntry): string {
  return entry.chatKind === 'dm' ? `${entry.provider} DM` : `${entry.provider} group ${entry.chatId}`;
}

function pairingText(code: string, provider: string): string {
  return `Hi! This bot drives a coding agent and only answers people its owner approved.\n\nYour pairing code: ${code}\n\nSend it to the owner; they approve it with:\nclawdock pairing approve --provider ${provider} ${code}\n\nThe code is valid for one hour. Until then, messages here are not read.`;
}

/** The reply for how a task ended. */
export function replyText(result: GatewayTaskResult): string {
  const text = result.text.trim();
  switch (result.stop.reason) {
    case 'finished':
      return text || 'Done.';
    case 'halted':
      return `Stopped: this chat may not do that, so the run ended and the owner was told.\n\n${result.stop.message}`;
    default:
      return [text, result.stop.message].filter(Boolean).join('\n\n');
  }
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text === '' ? '(empty)' : text;
  return `${text.slice(0, max - 12)}\n…[cut]`;
}
