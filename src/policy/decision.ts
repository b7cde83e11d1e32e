import type { CallerProfile } from '../core/caller';
import type { RuleMatch } from './rules/rule-set';
import type { PolicyMode } from './settings/policy-settings';
import type { ToolCall } from './tools/tool-definition';
import type { DecisionSource, Finding, Outcome, Verdict } from './verdict';

/**
 * What the policy decided about one tool call: the outcome, the rule that decided
 * and its layer, reasons a person and the model can read, and the sub-commands
 * found (for run_command). The CLI prints exactly these fields as JSON.
 */
export interface Decision {
  readonly decision: Outcome;
  readonly rule: string;
  readonly source: DecisionSource;
  readonly reasons: readonly string[];
  readonly subcommands: readonly (readonly string[])[];
  /** Dry-run mode: the decision says what would happen; the executor must run nothing. */
  readonly dryRun: boolean;
}

/** One sub-command in an explanation: what runs, through which wrappers, and every rule that matched. */
export interface ExplainedSubcommand {
  readonly argv: readonly string[];
  readonly via: readonly string[];
  readonly verdict: Verdict;
  readonly matches: readonly RuleMatch[];
}

/** Everything behind a decision, for `explain` and the approval view. */
export interface Explanation {
  readonly decision: Decision;
  /** The checked call; undefined when it failed its schema. */
  readonly call: ToolCall | undefined;
  readonly profile: CallerProfile;
  readonly mode: PolicyMode;
  readonly modeSource: DecisionSource;
  readonly subcommands: readonly ExplainedSubcommand[];
  /** Every contribution to the decision (rule matches of sub-commands included), strictest first. */
  readonly findings: readonly Finding[];
  /** Settings that were ignored (a workspace trying to loosen, an untrusted workspace). */
  readonly notices: readonly string[];
}
