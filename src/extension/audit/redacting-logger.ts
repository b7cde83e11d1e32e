import type { Logger } from '../../core/logger';

/** A Logger that masks secrets before a message reaches the channel (command lines, error texts). */
export function redactingLogger(inner: Logger, redact: (text: string) => string): Logger {
  return {
    debug: (message) => inner.debug(redact(message)),
    info: (message) => inner.info(redact(message)),
    warn: (message) => inner.warn(redact(message)),
    error: (message) => inner.error(redact(message)),
  };
}
