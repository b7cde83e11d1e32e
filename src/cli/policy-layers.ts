// The one place the CLI reads the policy: every command (`policy check`,
// `agent run`, `gateway`, `security audit`) gets the same layers from here.
import { join } from 'node:path';
import { configFromObject } from '../core/config/config-source';
import { ClawdockError } from '../core/errors';
import { createPolicy, readPolicyLayer } from '../policy';
import type { PolicyLayer, WorkspaceAccess } from '../policy';
import { readSandboxSettings } from '../sandbox';
import { readCliSettings } from './cli-settings';
import { readPolicyFile } from './policy-file';

/** The policy layers and sandbox facts a CLI command builds its policy from. */
export interface CliPolicyLayers {
  /** `clawdock.policy.*` in `$CLAWDOCK_HOME/settings.json`, over `$CLAWDOCK_HOME/policy.json`. */
  readonly user: PolicyLayer;
  /** `DIR/.clawdock/policy.json` of the workspace, when there is one. */
  readonly workspace?: PolicyLayer;
  /** `clawdock.sandbox.workspaceAccess`: how the sandbox sees the workspace (writes to a shadow layer don't ask). */
  readonly workspaceAccess: WorkspaceAccess;
}

/** Reads the user layer and, for a workspace, its layer; a broken file is an error naming it. */
export function readCliPolicyLayers(env: NodeJS.ProcessEnv, workspace?: string): CliPolicyLayers {
  const settings = readCliSettings(env);
  const workspaceFile = workspace === undefined ? undefined : readPolicyFile(join(workspace, '.clawdock', 'policy.json'));
  return {
    user: readPolicyLayer(settings),
    ...(workspaceFile ? { workspace: readPolicyLayer(configFromObject(workspaceFile)) } : {}),
    workspaceAccess: readSandboxSettings(settings).workspaceAccess,
  };
}

/** What `security audit` reports of the policy the agent runs with. */
export interface CliPolicySummary {
  /** The policy loads (rules and their examples hold); when false, nothing runs until `problem` is fixed. */
  readonly loaded: boolean;
  readonly problem?: string;
  readonly mode?: string;
  /** Rules from the settings layers, by id, with their decision and layer. */
  readonly rules: readonly { readonly id: string; readonly decision: string; readonly source: 'user' | 'workspace' }[];
}

/** Loads the policy as `agent run` would for `workspace`, and says what the settings add to it. */
export async function describeCliPolicy(env: NodeJS.ProcessEnv, workspace?: string): Promise<CliPolicySummary> {
  let layers: CliPolicyLayers | undefined;
  try {
    layers = readCliPolicyLayers(env, workspace);
    const rules = [
      ...(layers.user.rules ?? []).map((r, i) => ({ id: r.id ?? `user:rules[${i}]`, decision: r.decision, source: 'user' as const })),
      ...(layers.workspace?.rules ?? []).map((r, i) => ({ id: r.id ? `workspace:${r.id}` : `workspace:rules[${i}]`, decision: r.decision, source: 'workspace' as const })),
    ];
    const policy = await createPolicy({ ...layers, workspaceTrusted: true });
    return { loaded: true, mode: policy.mode, rules };
  } catch (err) {
    if (!(err instanceof ClawdockError)) throw err;
    return { loaded: false, problem: err.message, rules: [] };
  }
}

/** One line per fact, for people. */
export function formatPolicySummary(summary: CliPolicySummary): string {
  if (!summary.loaded) return `policy: does not load, so nothing runs — ${summary.problem ?? ''}\n`;
  const rules = summary.rules.map((r) => `${r.id} (${r.decision}, ${r.source})`).join(', ');
  return `policy: mode ${summary.mode}${rules ? `; rules from settings: ${rules}` : '; no rules from settings'}\n`;
}
