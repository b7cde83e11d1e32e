import { z } from 'zod';
import type { ConfigSource } from '../../core/config/config-source';
import { readStringList } from '../../core/config/config-source';
import { ConfigError } from '../../core/errors';
import type { RuleSpec } from '../rules/rule';
import type { SettingSpec } from '../../core/config/setting-spec';

/** How much the policy lets through without a person (DESIGN.md, policy contract). */
export type PolicyMode = 'ask-risky' | 'ask-all' | 'read-only' | 'dry-run';

/** Every mode, loosest first: a workspace may only move right (dry-run runs nothing at all). */
export const POLICY_MODES: readonly PolicyMode[] = ['ask-risky', 'ask-all', 'read-only', 'dry-run'];

/** Rate limits and circuit breakers; tripping one pauses the agent. */
export interface PolicyLimits {
  /** Commands run in any sliding minute. */
  readonly execPerMinute: number;
  /** Model requests in any sliding hour. */
  readonly modelCallsPerHour: number;
  /** The same tool call proposed this many times in a row. */
  readonly identicalCallRepeats: number;
  /** Tool calls failing this many times in a row. */
  readonly consecutiveFailures: number;
}

/** One layer's policy settings as written: a missing field is not set in that layer. */
export interface PolicyLayer {
  readonly mode?: PolicyMode;
  readonly rules?: readonly RuleSpec[];
  readonly approvalPatterns?: readonly string[];
  readonly readDeny?: readonly string[];
  readonly protectedPaths?: readonly string[];
  readonly disableBuiltinRules?: readonly string[];
  readonly autoApproveEdits?: boolean;
  readonly limits?: Partial<PolicyLimits>;
}

/** Settings with every default filled in (one layer, or the layers merged). */
export interface PolicySettings {
  readonly mode: PolicyMode;
  readonly rules: readonly RuleSpec[];
  readonly approvalPatterns: readonly string[];
  readonly readDeny: readonly string[];
  readonly protectedPaths: readonly string[];
  readonly disableBuiltinRules: readonly string[];
  readonly autoApproveEdits: boolean;
  readonly limits: PolicyLimits;
}

/** One contributed setting, shaped like the sandbox's list so both can feed package.json. */
export type PolicySettingSpec = SettingSpec;

/** Bounds of each limit: [default, minimum, maximum]. */
export const LIMIT_BOUNDS: Record<keyof PolicyLimits, readonly [number, number, number]> = {
  execPerMinute: [30, 1, 10_000],
  modelCallsPerHour: [300, 1, 100_000],
  identicalCallRepeats: [5, 2, 1000],
  consecutiveFailures: [8, 1, 1000],
};

/** The defaults: ask-risky, built-in rules and globs only, the limits above. */
export const DEFAULT_POLICY_SETTINGS: PolicySettings = {
  mode: 'ask-risky',
  rules: [],
  approvalPatterns: [],
  readDeny: [],
  protectedPaths: [],
  disableBuiltinRules: [],
  autoApproveEdits: false,
  limits: {
    execPerMinute: LIMIT_BOUNDS.execPerMinute[0],
    modelCallsPerHour: LIMIT_BOUNDS.modelCallsPerHour[0],
    identicalCallRepeats: LIMIT_BOUNDS.identicalCallRepeats[0],
    consecutiveFailures: LIMIT_BOUNDS.consecutiveFailures[0],
  },
};

const limit = (key: keyof PolicyLimits, description: string): PolicySettingSpec => {
  const [def, minimum, maximum] = LIMIT_BOUNDS[key];
  return { key: `policy.limits.${key}`, type: 'number', default: def, minimum, maximum, restart: false, description };
};

/** Every policy setting (keys relative to `clawdock.`), for package.json and docs. */
// A plain (not readonly) array so it merges into the other setting tables without casts.
export const POLICY_SETTINGS: PolicySettingSpec[] = [
  { key: 'policy.mode', type: 'string', default: 'ask-risky', enum: [...POLICY_MODES], restart: false, description: '`ask-risky`: run what the policy understands as read-only (every word matched by the program\'s option grammar), ask for the rest. `ask-all`: ask for every tool call. `read-only`: no writes, only read-only commands. `dry-run`: decide and show, run nothing. A workspace can only pick a stricter mode.' },
  { key: 'policy.rules', type: 'array', items: 'object', default: [], restart: false, description: 'Extra command rules: `{ "id": "npm-test", "pattern": ["npm", "test", "*"], "decision": "allow" | "ask" | "deny", "reason": "…", "match": ["npm test"], "notMatch": ["npm publish"] }`. Tokens: exact words, `*` (one word; trailing: any rest), `**` (any words), `/regex/`. Deny beats ask beats allow; a workspace may add only `ask` and `deny` rules. Examples are checked when the policy loads.' },
  { key: 'policy.approvalPatterns', type: 'array', default: [], restart: false, description: 'Commands that always need approval, written like shell words (`git push`, `npm run deploy*`, `/terraform .*/`).' },
  { key: 'policy.readDeny', type: 'array', default: [], restart: false, description: 'Extra globs of files the agent may not read, on top of `**/.env*`, keys, `.npmrc`, `.git-credentials`, `.netrc`, `.aws/**`, `.ssh/**` …' },
  { key: 'policy.protectedPaths', type: 'array', default: [], restart: false, description: 'Extra globs whose changes always need approval, on top of `.vscode/**`, `.git/hooks/**`, `.git/config`, `*.code-workspace`, `.devcontainer/**` (and `clawdock.sandbox.protectedPaths`).' },
  { key: 'policy.disableBuiltinRules', type: 'array', default: [], restart: false, scope: 'machine', description: 'Ids of built-in rules (`rm-recursive`) or program grammars (`grammar:sort`) to switch off (see `clawdock policy explain`); an id that names nothing stops the policy from loading. User settings only.' },
  { key: 'policy.autoApproveEdits', type: 'boolean', default: false, restart: false, scope: 'machine', description: 'Let the owner\'s file edits through without approval in `ask-risky` mode with `clawdock.sandbox.workspaceAccess` `rw` (with `shadow`, the default, edits go to the shadow layer without asking anyway). Protected paths still always ask. User settings only.' },
  // Read by src/agent/violation-setting.ts (the agent loop acts on it); listed here so policy files accept the key.
  { key: 'policy.onViolation', type: 'string', default: 'report', enum: ['report', 'halt'], restart: false, description: 'What one denied or invalid tool call does to the owner\'s run. `report`: the model is told why and may take another way. `halt`: the run ends at once — the model gets no second try — and the chat, the CLI\'s exit code (4) and the audit log name the call and the rule. Runs from anyone but the owner (the gateway) always halt. A workspace can only pick `halt`.' },
  limit('execPerMinute', 'Commands run per minute before the agent pauses.'),
  limit('modelCallsPerHour', 'Model requests per hour before the agent pauses.'),
  limit('identicalCallRepeats', 'The same tool call proposed this many times in a row pauses the agent (a loop).'),
  limit('consecutiveFailures', 'This many failed tool calls in a row pause the agent.'),
];

const ruleSpecSchema = z.strictObject({
  id: z.string().min(1).max(100).optional(),
  pattern: z.array(z.string().min(1).max(1000)).min(1).max(64),
  decision: z.enum(['allow', 'ask', 'deny']),
  reason: z.string().min(1).max(500),
  exact: z.boolean().optional(),
  line: z.boolean().optional(),
  readOnly: z.boolean().optional(),
  match: z.array(z.string().max(4096)).max(100).optional(),
  notMatch: z.array(z.string().max(4096)).max(100).optional(),
});

/**
 * Reads the policy settings one layer sets (user or workspace: pass a source that
 * sees only that layer, e.g. VS Code's `inspect().globalValue`). Unset keys stay
 * undefined, numbers are clamped, a malformed rule throws a ConfigError naming it.
 */
export function readPolicyLayer(source: ConfigSource): PolicyLayer {
  const has = (key: string) => source.get<unknown>(key) !== undefined;
  const list = (key: string) => (has(key) ? readStringList(source, key) : undefined);
  const protectedPaths = [...(list('policy.protectedPaths') ?? []), ...(list('sandbox.protectedPaths') ?? [])];
  const limits: Partial<Record<keyof PolicyLimits, number>> = {};
  for (const key of Object.keys(LIMIT_BOUNDS) as (keyof PolicyLimits)[]) {
    const raw = source.get<unknown>(`policy.limits.${key}`);
    const [, min, max] = LIMIT_BOUNDS[key];
    if (typeof raw === 'number' && Number.isFinite(raw)) limits[key] = Math.min(max, Math.max(min, Math.round(raw)));
  }
  const autoApprove = source.get<unknown>('policy.autoApproveEdits');
  return {
    ...(has('policy.mode') ? { mode: readMode(source.get<unknown>('policy.mode')) } : {}),
    ...(has('policy.rules') ? { rules: readRules(source.get<unknown>('policy.rules')) } : {}),
    ...(has('policy.approvalPatterns') ? { approvalPatterns: list('policy.approvalPatterns') } : {}),
    ...(has('policy.readDeny') ? { readDeny: list('policy.readDeny') } : {}),
    ...(protectedPaths.length > 0 ? { protectedPaths } : {}),
    ...(has('policy.disableBuiltinRules') ? { disableBuiltinRules: list('policy.disableBuiltinRules') } : {}),
    ...(typeof autoApprove === 'boolean' ? { autoApproveEdits: autoApprove } : {}),
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
  };
}

/** Reads one source into complete settings: what it sets over the defaults. */
export function readPolicySettings(source: ConfigSource): PolicySettings {
  const layer = readPolicyLayer(source);
  return {
    mode: layer.mode ?? DEFAULT_POLICY_SETTINGS.mode,
    rules: layer.rules ?? [],
    approvalPatterns: layer.approvalPatterns ?? [],
    readDeny: layer.readDeny ?? [],
    protectedPaths: layer.protectedPaths ?? [],
    disableBuiltinRules: layer.disableBuiltinRules ?? [],
    autoApproveEdits: layer.autoApproveEdits ?? false,
    limits: { ...DEFAULT_POLICY_SETTINGS.limits, ...layer.limits },
  };
}

/** An unknown mode is an error naming it: falling back to a default would run with a policy nobody chose. */
function readMode(raw: unknown): PolicyMode {
  if (typeof raw === 'string' && (POLICY_MODES as readonly string[]).includes(raw)) return raw as PolicyMode;
  throw new ConfigError('policy.mode', `${JSON.stringify(raw)} is not a policy mode`, `use one of ${POLICY_MODES.join(', ')}`);
}

function readRules(raw: unknown): RuleSpec[] {
  if (!Array.isArray(raw)) throw new ConfigError('policy.rules', 'must be a list of rules', 'write `[{ "pattern": ["npm", "test"], "decision": "allow", "reason": "…" }]`');
  return raw.map((item, i) => {
    const parsed = ruleSpecSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? [`[${i}]`, ...issue.path.map(String)].join('.') : `[${i}]`;
      throw new ConfigError(`policy.rules${where.startsWith('[') ? '' : '.'}${where}`, issue?.message ?? 'is not a valid rule', 'a rule is { "pattern": [...], "decision": "allow"|"ask"|"deny", "reason": "…" }');
    }
    return parsed.data;
  });
}
