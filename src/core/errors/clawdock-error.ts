/** Base of every error Clawdock raises on purpose: says what failed and what to change. */
export class ClawdockError extends Error {
  override name = 'ClawdockError';
  /** What the person (or the model) can do about it, when known. */
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(options.hint ? `${message} — ${options.hint}` : message, { cause: options.cause });
    this.hint = options.hint;
  }
}
