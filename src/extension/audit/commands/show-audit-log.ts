import type { CommandFactory } from '../../commands/command';

/** `Clawdock: Show Audit Log` — the "Clawdock Audit" channel; reading it is harmless, so also in untrusted workspaces. */
export const showAuditLog: CommandFactory = {
  enabled: (ctx) => () => ctx.audit.show(),
  disabled: (ctx) => () => ctx.audit.show(),
};
