import type { DecisionSource, Verdict } from '../verdict';
import type { ArgvPattern } from './argv-pattern';

/**
 * A rule as written in settings or in the built-in list: an argv-shaped pattern
 * (`["git", "push", "--force"]`), a verdict and a reason, with example commands
 * that must (`match`) and must not (`notMatch`) be caught by it.
 */
export interface RuleSpec {
  /** Stable name shown in decisions; settings rules get `user:rules[N]` when omitted. */
  readonly id?: string;
  /**
   * argv tokens: exact words; `*` one word (a trailing `*` any rest); `**` any
   * words; `/regex/flags` one word matching. Matches a prefix of the argv unless `exact`.
   */
  readonly pattern: readonly string[];
  readonly decision: Verdict;
  readonly reason: string;
  /** The pattern is one `/regex/` tested against the whole argv joined by spaces. */
  readonly line?: boolean;
  /** Match the whole argv, not only a prefix. */
  readonly exact?: boolean;
  /** An `allow` rule for a command that only inspects: callers with read-only profiles may use it. */
  readonly readOnly?: boolean;
  /** Commands this rule must catch (checked when the policy loads). */
  readonly match?: readonly string[];
  /** Commands this rule must not catch (checked when the policy loads). */
  readonly notMatch?: readonly string[];
}

/** A rule ready to match, knowing the layer it came from. */
export interface Rule {
  readonly id: string;
  readonly source: DecisionSource;
  readonly decision: Verdict;
  readonly reason: string;
  readonly readOnly: boolean;
  readonly pattern: ArgvPattern;
  readonly match: readonly string[];
  readonly notMatch: readonly string[];
}
