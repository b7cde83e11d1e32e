import type * as vscode from 'vscode';
import type { Logger } from '../core/logger';

/** The core's Logger over the "Clawdock" LogOutputChannel, so its level follows `Developer: Set Log Level`. */
export function channelLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    debug: (message) => channel.debug(message),
    info: (message) => channel.info(message),
    warn: (message) => channel.warn(message),
    error: (message) => channel.error(message),
  };
}
