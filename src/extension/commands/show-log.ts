import type { CommandFactory } from './command';

/** `Clawdock: Show Log` — the "Clawdock" diagnostics channel; harmless, so also in untrusted workspaces. */
export const showLog: CommandFactory = {
  enabled: (ctx) => () => ctx.log.show(),
  disabled: (ctx) => () => ctx.log.show(),
};
