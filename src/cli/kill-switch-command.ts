import { UsageError } from '../core/errors';
import { parseArgs } from './args';
import { openCliAudit } from './cli-audit';
import { EXIT, type CliIo } from './io';
import { openSandbox } from './sandbox-command';

export const KILL_SWITCH_USAGE = `  clawdock stop [--workspace DIR]       kill every running command and freeze (pause) the sandbox
  clawdock resume [--workspace DIR]     thaw a frozen sandbox
  clawdock discard [--workspace DIR]    remove a (frozen) sandbox container`;

/**
 * The kill switch from a terminal: `stop` kills every command in the container
 * (whoever started it) and pauses it for inspection; `resume` and `discard` come
 * after. Each is audited with surface `cli`. An agent turn or approvals held by
 * a VS Code window are that window's to cancel (its Stop Everything).
 */
export async function runKillSwitchCommand(action: 'stop' | 'resume' | 'discard', argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['workspace'], []);
  if (args.positionals.length > 0 || args.rest.length > 0) throw new UsageError(`${action} takes only --workspace`);
  const sandbox = openSandbox(args, io);
  const audit = await openCliAudit(sandbox.workspace.realPath, io.env);
  try {
    if (action === 'stop') {
      await audit.log.append({ type: 'kill-switch', caller: audit.caller, action: 'stop' });
      const killed = await sandbox.killCommands();
      await sandbox.pause();
      const paused = (await sandbox.status()).state === 'paused';
      await audit.log.append({ type: 'kill-switch', caller: audit.caller, action: 'stop', killedCommands: killed, containerPaused: paused });
      io.stdout(`stopped: ${killed} command(s) killed${paused ? ', sandbox frozen for inspection (clawdock resume | clawdock discard)' : ', no running sandbox to freeze'}\n`);
    } else if (action === 'resume') {
      await audit.log.append({ type: 'kill-switch', caller: audit.caller, action: 'resume' });
      await sandbox.resume();
      io.stdout('resumed\n');
    } else {
      await audit.log.append({ type: 'kill-switch', caller: audit.caller, action: 'discard' });
      await sandbox.down();
      io.stdout(`discarded ${sandbox.workspace.containerName}\n`);
    }
    return EXIT.ok;
  } finally {
    sandbox.dispose();
    await audit.close();
  }
}
