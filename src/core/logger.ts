/** Where core code writes diagnostics; the extension maps it to an Output channel, the CLI to stderr. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger that drops everything (tests, quiet CLI runs). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
