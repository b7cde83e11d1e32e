/** What the policy says about one call or one part of it: run, ask a person, or refuse. */
export type Verdict = 'allow' | 'ask' | 'deny';

/** Every verdict the policy can reach, plus `pause` when a limit trips (the agent stops and says why). */
export type Outcome = Verdict | 'pause';

/**
 * The layer a decision came from, so a person can find the setting to change:
 * built-in defaults, user or workspace settings, the caller's profile, the mode,
 * the tool-call schema, or a rate limit.
 */
export type DecisionSource = 'builtin' | 'user' | 'workspace' | 'profile' | 'mode' | 'schema' | 'limit';

const RANK: Record<Outcome, number> = { allow: 0, ask: 1, deny: 2, pause: 3 };

/** Orders outcomes: allow < ask < deny < pause. */
export function outcomeRank(outcome: Outcome): number {
  return RANK[outcome];
}

/** The stricter of outcomes; `allow` for none. Deny beats ask beats allow. */
export function mostRestrictive<T extends Outcome>(...outcomes: T[]): T | 'allow' {
  let best: T | 'allow' = 'allow';
  for (const o of outcomes) if (RANK[o] > RANK[best]) best = o;
  return best;
}

/** One contribution to a decision: a verdict, the rule that gave it, where that rule lives, and why. */
export interface Finding {
  readonly verdict: Verdict;
  /** Stable id of the rule or check, e.g. `rm-recursive`, `user:rules[2]`, `protected-redirect`. */
  readonly rule: string;
  readonly source: DecisionSource;
  /** A sentence a person and the model can act on. */
  readonly reason: string;
}

/** The strictest finding (first one wins a tie), or undefined for none. */
export function strictestFinding<F extends Finding>(findings: readonly F[]): F | undefined {
  let best: F | undefined;
  for (const f of findings) if (!best || RANK[f.verdict] > RANK[best.verdict]) best = f;
  return best;
}
