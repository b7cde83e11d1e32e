import { ClawdockError, ConfigError, EngineUnreachableError, UsageError } from '../core/errors';
import { EXIT, type CliIo } from './io';
import { AGENT_USAGE, runAgentCommand } from './agent-command';
import { AUDIT_USAGE, runAuditCommand } from './audit-command';
import { BACKUP_USAGE, runBackupCommand } from './backup-command';
import { EGRESS_USAGE, runEgressCommand } from './egress-command';
import { GATEWAY_USAGE, runGatewayCommand } from './gateway-command';
import { KILL_SWITCH_USAGE, runKillSwitchCommand } from './kill-switch-command';
import { PAIRING_USAGE, runPairingCommand } from './pairing-command';
import { runSandboxCommand, SANDBOX_USAGE } from './sandbox-command';
import { CHANGES_USAGE, runChangesCommand } from './changes-command';
import { runSecretsCommand, SECRETS_USAGE } from './secrets-command';
import { runSecurityCommand, SECURITY_USAGE } from './security-command';

const USAGE = `clawdock — a coding agent's commands in a hardened Docker sandbox

${SANDBOX_USAGE}
${CHANGES_USAGE}
  clawdock policy check|explain --call JSON [--workspace DIR] [--profile P]
${AUDIT_USAGE}
${BACKUP_USAGE}
${EGRESS_USAGE}
${SECURITY_USAGE}
${KILL_SWITCH_USAGE}
${AGENT_USAGE}
${GATEWAY_USAGE}
${PAIRING_USAGE}
${SECRETS_USAGE}

Settings: $CLAWDOCK_HOME/settings.json (default ~/.clawdock), same keys as VS Code ("clawdock.sandbox.memoryMb": 1024).
Engine: clawdock.sandbox.dockerHost, else DOCKER_HOST, else /var/run/docker.sock.
`;

/** Runs the CLI and returns its exit code: 0 ok, 1 failure, 2 usage, 3 engine unreachable; `sandbox exec` passes the command's code through. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'sandbox':
        return await runSandboxCommand(rest, io);
      case 'changes':
        return await runChangesCommand(rest, io);
      case 'agent':
        return await runAgentCommand(rest, io);
      case 'egress':
        return await runEgressCommand(rest, io);
      case 'audit':
        return await runAuditCommand(rest, io);
      case 'backup':
      case 'restore':
        return await runBackupCommand(command, rest, io);
      case 'gateway':
        return await runGatewayCommand(rest, io);
      case 'pairing':
        return await runPairingCommand(rest, io);
      case 'secrets':
        return await runSecretsCommand(rest, io);
      case 'security':
        return await runSecurityCommand(rest, io);
      case 'stop':
      case 'resume':
      case 'discard':
        return await runKillSwitchCommand(command, rest, io);
      case 'policy': {
        const { runPolicyCommand } = await import('./policy-command');
        return await runPolicyCommand(rest, io);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`clawdock: ${err.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (err instanceof EngineUnreachableError) {
      io.stderr(`clawdock: ${err.message}\n`);
      return EXIT.engine;
    }
    if (err instanceof ConfigError || err instanceof ClawdockError) {
      io.stderr(`clawdock: ${err.message}\n`);
      return EXIT.failure;
    }
    io.stderr(`clawdock: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT.failure;
  }
}

if (require.main === module) {
  const io: CliIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
  void runCli(process.argv.slice(2), io).then((code) => {
    // Let buffered output drain before exiting with the code.
    process.stdout.write('', () => process.exit(code));
  });
}
