/**
 * One way of spotting a secret in text. `pattern` is global. When it has a
 * named group `s` (or `s2`, for a second alternative), that group is the
 * secret and must end the match (lookaheads may follow); what comes before
 * it is context that stays visible. Without such a group the whole match is
 * the secret.
 */
export interface RedactionRule {
  readonly id: string;
  readonly pattern: RegExp;
  /** Characters of the secret left visible, e.g. the vendor prefix `ghp_`. */
  readonly keep?: number | ((secret: string) => number);
  /**
   * The match must not follow a token character (`[A-Za-z0-9_-]`). Checked
   * here rather than with `\b` or a lookbehind in the pattern, so the pattern
   * starts with a literal and the regex engine can skip ahead fast.
   */
  readonly tokenStart?: boolean;
  /**
   * The literal (regex source) every match starts with. Rules that name one
   * are not scanned one by one: a single pass finds where any prefix occurs
   * and only there are the rules tried (see rule-engine.ts).
   */
  readonly prefix?: string;
  /** Last word on a candidate: false keeps it (placeholders, plain words). */
  readonly accept?: (secret: string, found: RuleHit) => boolean;
}

/** What a rule's `accept` sees of a candidate. */
export interface RuleHit {
  readonly groups: Readonly<Record<string, string | undefined>>;
  readonly text: string;
  /** Where the whole match (not just the secret) starts in `text`. */
  readonly index: number;
}

/** Where one secret sits in a text, and which rule found it. */
export interface SecretMatch {
  readonly start: number;
  readonly end: number;
  readonly ruleId: string;
  readonly keep: number;
  /** Shown instead of the usual mask (a secret's placeholder shows the secret's name and hosts). */
  readonly replacement?: string;
}
