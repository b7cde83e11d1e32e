import type * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { registerGatewayCommands } from './gateway-commands';
import { GatewayLinks } from './gateway-links';

/** The built-in gateway's glue: joins this window's gateways, their status bar item, and their commands. */
export function registerGateway(ctx: Ctx): vscode.Disposable {
  const links = new GatewayLinks(ctx);
  const commands = registerGatewayCommands(ctx, links);
  return { dispose: () => (commands.dispose(), links.dispose()) };
}
