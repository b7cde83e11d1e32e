import type { SourcedGlob } from '../paths/path-globs';
import { DEFAULT_READ_DENY } from '../paths/default-path-globs';
import { BUILTIN_PROTECTED_GLOBS } from '../paths/protected-paths';
import { approvalPatternRule } from '../rules/approval-patterns';
import { BUILTIN_GRAMMARS } from '../grammar/builtin-grammars';
import { grammarRuleId } from '../grammar/grammar-set';
import { BUILTIN_RULES } from '../rules/builtin-rules';
import type { SourcedRuleSpec } from '../rules/rule-set';
import type { DecisionSource } from '../verdict';
import { DEFAULT_POLICY_SETTINGS, POLICY_MODES } from './policy-settings';
import type { PolicyLayer, PolicyLimits, PolicyMode } from './policy-settings';

/** The layers a policy is built from. */
export interface PolicyLayers {
  readonly user?: PolicyLayer;
  readonly workspace?: PolicyLayer;
  /** An untrusted workspace's settings are ignored entirely (VS Code workspace trust). */
  readonly workspaceTrusted: boolean;
}

/** The layers merged: built-in ← user ← workspace (which may only tighten), each item knowing its layer. */
export interface MergedPolicy {
  readonly mode: PolicyMode;
  readonly modeSource: DecisionSource;
  readonly rules: readonly SourcedRuleSpec[];
  readonly readDeny: readonly SourcedGlob[];
  readonly protectedPaths: readonly SourcedGlob[];
  readonly autoApproveEdits: boolean;
  readonly limits: PolicyLimits;
  /** Workspace settings that were ignored and why, for `explain` and the log. */
  readonly notices: readonly string[];
  /** Built-in rule and grammar ids switched off (`policy.disableBuiltinRules`, user settings). */
  readonly disabledBuiltins: ReadonlySet<string>;
  /** Settings that cannot be honoured (an id that names no built-in rule): the policy refuses to load. */
  readonly problems: readonly string[];
}

/** Merges built-in defaults, user settings and workspace settings. */
export function mergePolicyLayers(layers: PolicyLayers): MergedPolicy {
  const notices: string[] = [];
  const user = layers.user ?? {};
  let workspace = layers.workspace ?? {};
  if (!layers.workspaceTrusted && Object.keys(workspace).length > 0) {
    notices.push('workspace policy settings are ignored: the workspace is not trusted');
    workspace = {};
  }

  const disabled = new Set(user.disableBuiltinRules ?? []);
  const problems: string[] = [];
  // A misspelt id would leave on a rule the person believes is off: refuse it, naming it.
  const known = new Set([...BUILTIN_RULES.map((r) => r.id ?? ''), ...BUILTIN_GRAMMARS.map(grammarRuleId)]);
  for (const id of disabled) {
    if (!known.has(id)) problems.push(`policy.disableBuiltinRules names ${JSON.stringify(id)}, which is no built-in rule or grammar (see \`clawdock policy explain\` for ids such as "rm-recursive" or "grammar:sort")`);
  }
  const rules: SourcedRuleSpec[] = BUILTIN_RULES.filter((r) => !disabled.has(r.id ?? '')).map((spec, i) => ({ spec, source: 'builtin', fallbackId: `builtin:${i}` }));
  (user.rules ?? []).forEach((spec, i) => rules.push({ spec, source: 'user', fallbackId: `user:rules[${i}]` }));
  (user.approvalPatterns ?? []).forEach((p, i) => rules.push({ spec: approvalPatternRule(p, `user:approvalPatterns[${i}]`), source: 'user', fallbackId: '' }));
  (workspace.rules ?? []).forEach((spec, i) => {
    const id = spec.id ?? `workspace:rules[${i}]`;
    if (spec.decision === 'allow') {
      notices.push(`workspace rule ${JSON.stringify(id)} is ignored: a workspace may add ask and deny rules, not allow rules`);
      return;
    }
    rules.push({ spec: { ...spec, id: spec.id ? `workspace:${spec.id}` : id }, source: 'workspace', fallbackId: id });
  });
  (workspace.approvalPatterns ?? []).forEach((p, i) => rules.push({ spec: approvalPatternRule(p, `workspace:approvalPatterns[${i}]`), source: 'workspace', fallbackId: '' }));
  if (workspace.disableBuiltinRules?.length) notices.push('workspace `policy.disableBuiltinRules` is ignored: only user settings may switch rules off');
  if (workspace.autoApproveEdits) notices.push('workspace `policy.autoApproveEdits` is ignored: only user settings may loosen approvals');

  const globs = (defaults: readonly (string | SourcedGlob)[], key: 'readDeny' | 'protectedPaths'): SourcedGlob[] => [
    ...defaults.map((glob) => (typeof glob === 'string' ? { glob, source: 'builtin' as const } : glob)),
    ...(user[key] ?? []).map((glob) => ({ glob, source: 'user' as const })),
    ...(workspace[key] ?? []).map((glob) => ({ glob, source: 'workspace' as const })),
  ];

  let mode: PolicyMode = user.mode ?? DEFAULT_POLICY_SETTINGS.mode;
  let modeSource: DecisionSource = user.mode ? 'user' : 'builtin';
  if (workspace.mode) {
    if (POLICY_MODES.indexOf(workspace.mode) >= POLICY_MODES.indexOf(mode)) {
      mode = workspace.mode;
      modeSource = 'workspace';
    } else {
      notices.push(`workspace \`policy.mode\` ${workspace.mode} is ignored: it is looser than ${mode}`);
    }
  }

  const limits = { ...DEFAULT_POLICY_SETTINGS.limits, ...user.limits };
  for (const [key, value] of Object.entries(workspace.limits ?? {}) as [keyof PolicyLimits, number][]) {
    if (value <= limits[key]) limits[key] = value;
    else notices.push(`workspace \`policy.limits.${key}\` ${value} is ignored: it is higher than ${limits[key]}`);
  }

  return {
    mode,
    modeSource,
    rules,
    readDeny: globs(DEFAULT_READ_DENY, 'readDeny'),
    protectedPaths: globs(BUILTIN_PROTECTED_GLOBS, 'protectedPaths'),
    autoApproveEdits: user.autoApproveEdits ?? false,
    limits,
    notices,
    disabledBuiltins: disabled,
    problems,
  };
}
