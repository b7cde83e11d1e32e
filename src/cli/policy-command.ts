// `clawdock policy check|explain`: the policy as a library, decided from the
// terminal with the same layers every other command reads (policy-layers.ts).
import type { CallerProfile } from '../core/caller';
import { ClawdockError } from '../core/errors';
import { createPolicy, formatExplanation } from '../policy';
import { EXIT, type CliIo } from './io';
import { readCliPolicyLayers } from './policy-layers';

/** Usage of `clawdock policy`. */
export const POLICY_USAGE = `usage:
  clawdock policy check   --call JSON [--workspace DIR] [--profile P] [--untrusted]
  clawdock policy explain --call JSON [--workspace DIR] [--profile P] [--untrusted]

  --call JSON      a tool call: {"tool":"run_command","args":{"command":"ls"}} (once)
  --workspace DIR  use DIR/.clawdock/policy.json as the workspace layer
  --profile P      caller profile: owner (default), paired, group, readonly
  --untrusted      treat the workspace as untrusted (its settings are ignored)

check prints {"decision","rule","source","reasons","subcommands"} as JSON;
explain prints the same for people. Exit 0 when a decision is printed, 1 when
the policy does not load, 2 on usage errors.
User settings: "clawdock.policy.*" in $CLAWDOCK_HOME/settings.json (default
~/.clawdock), over $CLAWDOCK_HOME/policy.json — the same for every command.
`;

const PROFILES: readonly CallerProfile[] = ['owner', 'paired', 'group', 'readonly'];

interface PolicyArgs {
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
 * `clawdock policy check|explain`. Layers: built-in defaults; the user layer
 * (settings.json over policy.json); the workspace layer from
 * `DIR/.clawdock/policy.json` when `--workspace DIR` is given (trusted, since
 * the person named it, unless `--untrusted`). Returns the exit code.
 */
export async function runPolicyCommand(argv: readonly string[], io: Pick<CliIo, 'stdout' | 'stderr' | 'env'>): Promise<number> {
  let parsed: PolicyArgs | 'help';
  try {
    parsed = parsePolicyArgs(argv[0] === 'policy' ? argv.slice(1) : argv);
  } catch (err) {
    if (!(err instanceof PolicyUsageError)) throw err;
    io.stderr(`clawdock policy: ${err.message}\n\n${POLICY_USAGE}`);
    return EXIT.usage;
  }
  if (parsed === 'help') {
    io.stdout(POLICY_USAGE);
    return EXIT.ok;
  }
  try {
    const layers = readCliPolicyLayers(io.env, parsed.workspace);
    const policy = await createPolicy({ ...layers, workspaceTrusted: !parsed.untrusted });
    const caller = { profile: parsed.profile, surface: 'cli' as const, id: parsed.profile === 'owner' ? 'owner' : `cli:${parsed.profile}` };
    if (parsed.action === 'check') {
      const d = policy.decide(parsed.call, caller, { record: false });
      const out = { decision: d.decision, rule: d.rule, source: d.source, reasons: d.reasons, subcommands: d.subcommands, ...(d.dryRun ? { dryRun: true } : {}) };
      io.stdout(`${JSON.stringify(out)}\n`);
    } else {
      io.stdout(formatExplanation(policy.explain(parsed.call, caller)));
    }
    return EXIT.ok;
  } catch (err) {
    if (err instanceof ClawdockError) {
      io.stderr(`clawdock policy: ${err.message}\n`);
      return EXIT.failure;
    }
    throw err;
  }
}

function parsePolicyArgs(args: readonly string[]): PolicyArgs | 'help' {
  if (args.includes('--help') || args.includes('-h') || args[0] === 'help') return 'help';
  const [action, ...rest] = args;
  if (action !== 'check' && action !== 'explain') {
    throw new PolicyUsageError(action === undefined ? 'missing check or explain' : `unknown policy command ${JSON.stringify(action)}`);
  }
  let callText: string | undefined;
  let workspace: string | undefined;
  let profile: CallerProfile | undefined;
  let untrusted = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (given: unknown): string => {
      // One decision per call: a second --call (or any repeated option) would leave which one counts unclear.
      if (given !== undefined && given !== false) throw new PolicyUsageError(`${flag} is given twice; give it once`);
      const v = inline ?? rest[++i];
      if (v === undefined) throw new PolicyUsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--call': callText = value(callText); break;
      case '--workspace': workspace = value(workspace); break;
      case '--profile': {
        const p = value(profile);
        if (!(PROFILES as readonly string[]).includes(p)) throw new PolicyUsageError(`--profile must be one of ${PROFILES.join(', ')}`);
        profile = p as CallerProfile;
        break;
      }
      case '--untrusted':
        if (untrusted) throw new PolicyUsageError('--untrusted is given twice; give it once');
        untrusted = true;
        break;
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
  return { action, call, ...(workspace !== undefined ? { workspace } : {}), profile: profile ?? 'owner', untrusted };
}
