// Telegram through grammY's Bot API client, by long polling. The offset is
// advanced (and kept on disk) only past updates the core has taken, so a
// dropped connection, a crash or a SIGTERM loses no accepted message: what was
// not taken is fetched again. `apiRoot` lets a self-hosted Bot API server or
// a test server stand in for Telegram's.
import { Api, GrammyError, HttpError } from 'grammy';
import { join } from 'node:path';
import { ClawdockError } from '../../../core/errors';
import type { Logger } from '../../../core/logger';
import { readPrivateFileSync, writePrivateFileSync } from '../../../secrets';
import { backoffDelay, DEFAULT_BACKOFF, sleep, type BackoffOptions } from '../backoff';
import type { ChatProvider, DeliverySink } from '../chat-provider';
import { parseUpdate, type BotIdentity } from './telegram-update';

/** What the provider is built with. */
export interface TelegramProviderOptions {
  readonly token: string;
  readonly apiRoot: string;
  readonly pollTimeoutSeconds: number;
  /** Folder of the provider's state (the update offset). */
  readonly stateDir: string;
  readonly logger: Logger;
  readonly backoff?: BackoffOptions;
}

/** A Telegram bot token was refused by the Bot API: no retry will help. */
export class TelegramAuthError extends ClawdockError {
  override name = 'TelegramAuthError';
}

const SEND_ATTEMPTS = 4;

/** The Telegram provider. */
export class TelegramProvider implements ChatProvider {
  readonly id = 'telegram';
  readonly #api: Api;
  readonly #options: TelegramProviderOptions;
  readonly #stop = new AbortController();
  #bot: BotIdentity | undefined;

  constructor(options: TelegramProviderOptions) {
    this.#options = options;
    // Long polls last pollTimeoutSeconds; the client's own timeout must be longer, or it cuts every idle poll.
    this.#api = new Api(options.token, { apiRoot: options.apiRoot.replace(/\/+$/, ''), timeoutSeconds: options.pollTimeoutSeconds + 15 });
  }

  /** The bot, once connected. */
  get bot(): BotIdentity | undefined {
    return this.#bot;
  }

  async run(sink: DeliverySink): Promise<void> {
    const signal = this.#stop.signal;
    const bot = await this.#connect(signal);
    if (!bot) return;
    let offset = this.#readOffset(bot);
    let failures = 0;
    while (!signal.aborted) {
      let updates: unknown[];
      try {
        updates = await this.#api.getUpdates({ offset, timeout: this.#options.pollTimeoutSeconds, limit: 100, allowed_updates: ['message'] }, grammySignal(signal));
        if (failures > 0) this.#options.logger.info(`telegram: connected again after ${failures} failed poll(s)`);
        failures = 0;
      } catch (error) {
        if (signal.aborted) break;
        if (isUnauthorized(error)) throw authError();
        const delay = backoffDelay(failures++, this.#options.backoff ?? DEFAULT_BACKOFF);
        this.#options.logger.warn(`telegram: getUpdates failed (${describe(error)}); retrying in ${delay} ms`);
        await sleep(delay, signal);
        continue;
      }
      for (const raw of updates) {
        if (signal.aborted) break;
        const parsed = parseUpdate(raw, bot);
        try {
          if (parsed.kind === 'message') await sink.message(parsed.message);
          else if (parsed.kind === 'malformed') await sink.malformed({ provider: this.id, reason: parsed.reason, ...(parsed.updateId !== undefined ? { deliveryId: String(parsed.updateId) } : {}) });
        } catch (error) {
          // Not taken: the offset stays, so Telegram hands this update (and those after it) out again.
          const delay = backoffDelay(failures++, this.#options.backoff ?? DEFAULT_BACKOFF);
          this.#options.logger.error(`telegram: update ${parsed.updateId ?? '?'} could not be taken (${(error as Error).message}); fetching it again in ${delay} ms`);
          await sleep(delay, signal);
          break;
        }
        if (parsed.updateId !== undefined && parsed.updateId >= offset) {
          offset = parsed.updateId + 1;
          this.#writeOffset(bot, offset);
        }
      }
    }
  }

  async send(chatId: string, text: string, replyTo?: string): Promise<void> {
    const reply = replyTo !== undefined ? { reply_parameters: { message_id: Number(replyTo), allow_sending_without_reply: true } } : {};
    for (let attempt = 0; ; attempt++) {
      try {
        // Plain text only: no parse_mode, so nothing in a reply can turn into markup or links.
        await this.#api.sendMessage(chatId, text, { ...reply, link_preview_options: { is_disabled: true } });
        return;
      } catch (error) {
        if (isUnauthorized(error)) throw authError();
        if (attempt + 1 >= SEND_ATTEMPTS || this.#stop.signal.aborted || (error instanceof GrammyError && error.error_code === 400)) throw new ClawdockError(`telegram: sendMessage to ${chatId} failed: ${describe(error)}`);
        const retryAfter = error instanceof GrammyError ? error.parameters.retry_after : undefined;
        await sleep(retryAfter !== undefined ? retryAfter * 1000 : backoffDelay(attempt, this.#options.backoff ?? DEFAULT_BACKOFF));
      }
    }
  }

  async stop(): Promise<void> {
    this.#stop.abort();
  }

  async #connect(signal: AbortSignal): Promise<BotIdentity | undefined> {
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        const me = await this.#api.getMe(grammySignal(signal));
        if (!me.username) throw new ClawdockError('telegram: getMe returned a bot without a username');
        this.#bot = { id: me.id, username: me.username };
        this.#options.logger.info(`telegram: connected as @${me.username} (${me.id}) through ${this.#options.apiRoot}`);
        return this.#bot;
      } catch (error) {
        if (signal.aborted) return undefined;
        if (isUnauthorized(error)) throw authError();
        const delay = backoffDelay(attempt, this.#options.backoff ?? DEFAULT_BACKOFF);
        this.#options.logger.warn(`telegram: cannot reach the Bot API at ${this.#options.apiRoot} (${describe(error)}); retrying in ${delay} ms`);
        await sleep(delay, signal);
      }
    }
    return undefined;
  }

  #offsetFile(bot: BotIdentity): string {
    return join(this.#options.stateDir, `telegram-${bot.id}.offset.json`);
  }

  #readOffset(bot: BotIdentity): number {
    try {
      const value = JSON.parse(readPrivateFileSync(this.#offsetFile(bot), 'the Telegram offset') ?? '{}') as { offset?: unknown };
      return typeof value.offset === 'number' && Number.isInteger(value.offset) && value.offset >= 0 ? value.offset : 0;
    } catch {
      return 0;
    }
  }

  #writeOffset(bot: BotIdentity, offset: number): void {
    writePrivateFileSync(this.#offsetFile(bot), JSON.stringify({ offset }));
  }
}

/** grammY types its signal with the abort-controller polyfill; Node's own AbortSignal is what it gets at run time. */
function grammySignal(signal: AbortSignal): Parameters<Api['getMe']>[0] {
  return signal as unknown as Parameters<Api['getMe']>[0];
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404);
}

function authError(): TelegramAuthError {
  return new TelegramAuthError('telegram: the Bot API refused the bot token (401/404)', { hint: 'store the right token with `clawdock secrets set telegram.bot` (from @BotFather), or check providers.telegram.apiRoot' });
}

/** An error in words, never with the token (grammY keeps URLs out of its messages; we add none). */
function describe(error: unknown): string {
  if (error instanceof GrammyError) return `${error.error_code} ${error.description}`;
  if (error instanceof HttpError) return `network: ${(error.error as Error | undefined)?.message ?? error.message}`;
  return (error as Error).message ?? String(error);
}
