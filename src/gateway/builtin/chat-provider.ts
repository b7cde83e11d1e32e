// What the gateway core needs from a chat app. Small on purpose: Telegram
// (long polling) is the first; Slack (socket mode) and Discord (gateway
// WebSocket) fit the same shape without touching the core.

/** One message as the core sees it, whatever app it came from. */
export interface InboundMessage {
  /** The provider's id (`telegram`). */
  readonly provider: string;
  /** The app's id of this message's delivery (Telegram's update_id), unique per provider. */
  readonly deliveryId: string;
  readonly chat: { readonly id: string; readonly kind: 'dm' | 'group'; readonly title?: string };
  readonly sender: { readonly id: string; readonly name?: string; readonly isBot: boolean };
  readonly text: string;
  /** The app's id of the message, to reply to it. */
  readonly messageId: string;
  /** A native mention of the bot (`@bot`, a text mention, `/cmd@bot`). */
  readonly mentionsBot: boolean;
  /** A reply to one of the bot's messages. */
  readonly repliesToBot: boolean;
}

/** Something the provider received that is not a message the core can read (logged and audited, never processed). */
export interface MalformedDelivery {
  readonly provider: string;
  readonly deliveryId?: string;
  readonly reason: string;
}

/**
 * Where a provider hands deliveries. A provider confirms a delivery to its app
 * only after the returned promise resolved: a message the core accepted is on
 * disk by then, so a crash or reconnect loses nothing; a rejection means "not
 * taken", and the delivery is fetched again later.
 */
export interface DeliverySink {
  message(message: InboundMessage): Promise<void>;
  malformed(delivery: MalformedDelivery): Promise<void>;
}

/** A chat app connection. */
export interface ChatProvider {
  readonly id: string;
  /** Connects and delivers until `stop()`; reconnects with backoff on its own. Resolves when stopped. */
  run(sink: DeliverySink): Promise<void>;
  /** Sends a text message (already redacted and cut to size by the core). */
  send(chatId: string, text: string, replyTo?: string): Promise<void>;
  /** Stops receiving; deliveries not yet handed to the sink stay with the app. */
  stop(): Promise<void>;
}
