// A stand-in for every contributed command until the core is loaded. The core
// registers its commands itself (the command table, the gateway's, the
// bridge's), trusted or not (an untrusted workspace gets the variants that say
// why they cannot run): the shims are disposed right before it activates, and
// a shim that loaded it runs the core's command of the same id.
import * as vscode from 'vscode';

/** The command ids of package.json `contributes.commands`. */
export function contributedCommands(context: vscode.ExtensionContext): string[] {
  const commands: unknown = context.extension.packageJSON?.contributes?.commands;
  if (!Array.isArray(commands)) return [];
  return commands.map((c: { command?: unknown }) => c?.command).filter((id): id is string => typeof id === 'string');
}

/** The shims of `ids`; `load` loads the core (throwing when it cannot start, after saying why). */
export class CommandShims implements vscode.Disposable {
  #registrations: vscode.Disposable[] = [];

  constructor(
    private readonly ids: readonly string[],
    private readonly load: () => void,
  ) {}

  /** Registers every shim (at activation, and again when the core failed to start). */
  register(): void {
    this.dispose();
    this.#registrations = this.ids.map((id) => vscode.commands.registerCommand(id, (...args: unknown[]) => this.run(id, args)));
  }

  private run(id: string, args: unknown[]): Thenable<unknown> | undefined {
    try {
      this.load();
    } catch {
      return undefined; // shown by the loader; the shims are back for the next try
    }
    return vscode.commands.executeCommand(id, ...args);
  }

  dispose(): void {
    for (const r of this.#registrations.splice(0)) r.dispose();
  }
}
