import { homedir } from 'node:os';
import path from 'node:path';
import type { CallerProfile } from '../../core/caller';
import { ClawdockError } from '../../core/errors';
import { formatExplanation } from '../explain/format-explanation';
import { createPolicy } from '../policy';
import { readPolicyLayer } from '../settings/policy-settings';
import type { PolicyLayer } from '../settings/policy-settings';
import { readPolicyFile } from './policy-file';

/** Where the CLI writes; `env` defaults to the process environment. */
export interface PolicyCliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly env?: NodeJS.ProcessEnv;
}

/** Usage of `clawdock policy`. */
export const POLICY_USAGE = `usage:
  clawdock policy check   --call JSON [--workspace DIR] [--profile P] [--untrusted]
  clawdock policy explain --call JSON [--workspace DIR] [--profile P] [--untrusted]

  --call JSON      a tool call: {"tool":"run_command","args":{"command":"ls"}}
  --workspace DIR  use DIR/.clawdock/policy.json as the workspace layer
  --profile P      caller profile: owner (default), paired, group, readonly
  --untrusted      treat the workspace as untrusted (its settings are ignored)

check prints {"decision","rule","source","reasons","subcommands"} as JSON;
explain prints the same for people. Exit 0 when a decision is printed, 2 on usage errors.
User settings: $CLAWDOCK_HOME/policy.json (default ~/.clawdock/policy.json).
`;

const PROFILES: readonly CallerProfile[] = ['owner', 'paired', 'group', 'readonly'];

interface CliArgs {
  readonly action: 'check' | 'explain';
  readonly call: unknown;
  readonly workspace?: string;
  readonly profile: CallerProfile;
  readonly untrusted: boolean;
}

class PolicyUsageError extends ClawdockError {
  override name = 'PolicyUsageError';
}

/**
 * `clawdock policy check|explain`. Layers: built-in defaults; the user layer from
 * `$CLAWDOCK_HOME/policy.json` (default `~/.clawdock/policy.json`); the workspace
 * layer from `DIR/.clawdock/policy.json` when `--workspace DIR` is given (trusted,
 * since the person named it, unless `--untrusted`). Returns the exit code.
 */
export async function runPolicyCli(args: readonly string[], io: PolicyCliIo): Promise<number> {
  let parsed: CliArgs | 'help';
  try {
    parsed = parseArgs(args[0] === 'policy' ? args.slice(1) : args);
  } catch (err) {
    if (!(err instanceof PolicyUsageError)) throw err;
    io.stderr(`clawdock policy: ${err.message}\n\n${POLICY_USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    io.stdout(POLICY_USAGE);
    return 0;
  }
  try {
    const env = io.env ?? process.env;
    const home = env.CLAWDOCK_HOME && env.CLAWDOCK_HOME !== '' ? env.CLAWDOCK_HOME : path.join(homedir(), '.clawdock');
    const userSource = await readPolicyFile(path.join(home, 'policy.json'));
    const workspaceSource = parsed.workspace ? await readPolicyFile(path.join(parsed.workspace, '.clawdock', 'policy.json')) : undefined;
    const user: PolicyLayer | undefined = userSource ? readPolicyLayer(userSource) : undefined;
    const workspace: PolicyLayer | undefined = workspaceSource ? readPolicyLayer(workspaceSource) : undefined;
    const policy = await createPolicy({ user, workspace, workspaceTrusted: !parsed.untrusted });
    const caller = { profile: parsed.profile, surface: 'cli' as const, id: parsed.profile === 'owner' ? 'owner' : `cli:${parsed.profile}` };
    if (parsed.action === 'check') {
      const d = policy.decide(parsed.call, caller, { record: false });
      const out = { decision: d.decision, rule: d.rule, source: d.source, reasons: d.reasons, subcommands: d.subcommands, ...(d.dryRun ? { dryRun: true } : {}) };
      io.stdout(`${JSON.stringify(out)}\n`);
    } else {
      io.stdout(formatExplanation(policy.explain(parsed.call, caller)));
    }
    return 0;
  } catch (err) {
    if (err instanceof ClawdockError) {
      io.stderr(`clawdock policy: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

function parseArgs(args: readonly string[]): CliArgs | 'help' {
  if (args.includes('--help') || args.includes('-h') || args[0] === 'help') return 'help';
  const [action, ...rest] = args;
  if (action !== 'check' && action !== 'explain') {
    throw new PolicyUsageError(action === undefined ? 'missing check or explain' : `unknown policy command ${JSON.stringify(action)}`);
  }
  let callText: string | undefined;
  let workspace: string | undefined;
  let profile: CallerProfile = 'owner';
  let untrusted = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new PolicyUsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--call': callText = value(); break;
      case '--workspace': workspace = value(); break;
      case '--profile': {
        const p = value();
        if (!(PROFILES as readonly string[]).includes(p)) throw new PolicyUsageError(`--profile must be one of ${PROFILES.join(', ')}`);
        profile = p as CallerProfile;
        break;
      }
      case '--untrusted': untrusted = true; break;
      default: throw new PolicyUsageError(`unknown option ${JSON.stringify(arg)}`);
    }
  }
  if (callText === undefined) throw new PolicyUsageError('--call JSON is required');
  let call: unknown;
  try {
    call = JSON.parse(callText);
  } catch (err) {
    throw new PolicyUsageError(`--call is not valid JSON: ${(err as Error).message}`);
  }
  return { action, call, ...(workspace !== undefined ? { workspace } : {}), profile, untrusted };
}
