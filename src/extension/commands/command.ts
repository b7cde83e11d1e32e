import type { Ctx } from '../ctx';

/** What a registered command runs; arguments come from menus, keybindings or tests. */
export type Cmd = (...args: unknown[]) => unknown;

/**
 * A palette command, as a factory of two variants (rust-analyzer's pattern):
 * `enabled` runs it; `disabled` runs instead in an untrusted workspace and says
 * why it cannot (default: refuse with a message and a way to grant trust).
 */
export interface CommandFactory {
  enabled(ctx: Ctx): Cmd;
  disabled?(ctx: Ctx): Cmd;
}

/** Every command, by id (`clawdock.verbNoun`). */
export type CommandTable = Readonly<Record<string, CommandFactory>>;
