import type { SubCommand } from '../command/command-analysis';
import { isLiteral } from '../command/word';
import type { Word } from '../command/word';
import type { DecisionSource, Finding, Verdict } from '../verdict';
import { mostRestrictive, outcomeRank } from '../verdict';
import { compileArgvPattern, compileLinePattern, firstTokenAccepts, matchArgvPattern } from './argv-pattern';
import type { Rule, RuleSpec } from './rule';

/** A rule as it applied to one sub-command. */
export interface RuleMatch extends Finding {
  /** False when the rule only may apply because a word is known at run time only (then `ask`). */
  readonly certain: boolean;
  readonly pattern: string;
  /** The rule is an allow rule for a read-only command. */
  readonly readOnly: boolean;
  /** How many tokens the pattern has: more is more specific. */
  readonly specificity: number;
}

/** How one sub-command fared against the rules. */
export interface SubcommandEvaluation {
  readonly subcommand: SubCommand;
  readonly verdict: Verdict;
  /** Every rule that matched (or, marked uncertain, may match), and `unmatched` when none did. */
  readonly matches: readonly RuleMatch[];
  /** Allowed, and only by rules marked read-only (what read-only profiles may run). */
  readonly readOnly: boolean;
}

/** What else a sub-command is judged by besides its argv as written. */
export interface EvaluateContext {
  /** The argv spelled as deny rules read it (options spelled out, paths normalised): rules match these too. Asked for only when an ask or deny rule may apply. */
  readonly canonical?: () => readonly (readonly Word[])[];
  /**
   * The program grammar's verdict: `allow` (understood, only reads) or `ask`
   * (not understood, or writes, runs, changes). A user's or workspace's allow
   * rule lifts its asks — explicit consent — but not any other rule's.
   */
  readonly grammar?: readonly RuleMatch[];
}

/** Compiled rules of all layers, indexed by program name. */
export interface RuleSet {
  readonly rules: readonly Rule[];
  evaluate(subcommand: SubCommand, context?: EvaluateContext): SubcommandEvaluation;
}

/** A rule spec with the layer it comes from and the id to use when it has none. */
export interface SourcedRuleSpec {
  readonly spec: RuleSpec;
  readonly source: DecisionSource;
  readonly fallbackId: string;
}

/** Compiles rule specs; a malformed one is reported in `problems` (and left out). */
export function compileRules(specs: readonly SourcedRuleSpec[]): { ruleSet: RuleSet; problems: string[] } {
  const problems: string[] = [];
  const rules: Rule[] = [];
  for (const { spec, source, fallbackId } of specs) {
    const id = spec.id ?? fallbackId;
    try {
      rules.push({
        id,
        source,
        decision: spec.decision,
        reason: spec.reason,
        readOnly: spec.decision === 'allow' && spec.readOnly === true,
        pattern: spec.line ? compileLinePattern(spec.pattern.join(' ')) : compileArgvPattern(spec.pattern, spec.exact ?? false),
        match: spec.match ?? [],
        notMatch: spec.notMatch ?? [],
      });
    } catch (err) {
      problems.push(`rule ${JSON.stringify(id)} (${source}): ${(err as Error).message}`);
    }
  }
  return { ruleSet: createRuleSet(rules), problems };
}

// Distinct program names remembered per rule set; past this the cache stops growing.
const MAX_CACHED_PROGRAMS = 2048;

function createRuleSet(rules: readonly Rule[]): RuleSet {
  // Rules whose first token can match a program, found once per program name:
  // most sub-commands then meet a handful of rules instead of all of them.
  const byProgram = new Map<string, readonly Rule[]>();
  const candidates = (sub: SubCommand): readonly Rule[] => {
    const first = sub.words[0];
    if (!first || !isLiteral(first)) return rules;
    let found = byProgram.get(first.value);
    if (!found) {
      found = rules.filter((r) => firstTokenAccepts(r.pattern, first.value));
      if (byProgram.size < MAX_CACHED_PROGRAMS) byProgram.set(first.value, found);
    }
    return found;
  };
  return { rules, evaluate: (sub, context = {}) => evaluate(sub, candidates(sub), context) };
}

function evaluate(subcommand: SubCommand, rules: readonly Rule[], context: EvaluateContext): SubcommandEvaluation {
  const matches: RuleMatch[] = [];
  const first = subcommand.words[0];
  // With the program itself unknown every ask rule "may" match; the analyser
  // already asks for that, so only deny rules are worth naming.
  const programKnown = first !== undefined && isLiteral(first);
  const spellings = context.canonical && rules.some((r) => r.decision !== 'allow') ? [subcommand.words, ...context.canonical()] : [subcommand.words];
  for (const rule of rules) {
    const strictProgram = rule.decision === 'allow';
    // Allow rules match the argv as written; ask and deny rules every spelling of it.
    const forms = rule.decision === 'allow' ? [subcommand.words] : spellings;
    if (forms.some((words) => matchArgvPattern(rule.pattern, words, 'certain', strictProgram))) {
      matches.push({ verdict: rule.decision, rule: rule.id, source: rule.source, reason: rule.reason, certain: true, pattern: rule.pattern.text, readOnly: rule.readOnly, specificity: specificity(rule) });
    } else if ((rule.decision === 'deny' || (rule.decision === 'ask' && programKnown)) && forms.some((words) => matchArgvPattern(rule.pattern, words, 'possible', false))) {
      matches.push({
        verdict: 'ask', rule: rule.id, source: rule.source, certain: false, pattern: rule.pattern.text, readOnly: false, specificity: specificity(rule),
        reason: `may match ${rule.decision} rule ${rule.id} once expanded (${rule.reason})`,
      });
    }
  }
  const consented = matches.some((m) => m.verdict === 'allow' && m.certain && m.source !== 'builtin');
  for (const g of context.grammar ?? []) if (g.verdict === 'allow' || !consented) matches.push(g);
  if (matches.length === 0) {
    const name = subcommand.argv[0] ?? '';
    matches.push({
      verdict: 'ask', rule: 'unmatched', source: 'builtin', certain: true, pattern: '', readOnly: false, specificity: 0,
      reason: `\`${name.length > 40 ? `${name.slice(0, 39)}…` : name}\` is not covered by any rule, so a person must approve it`,
    });
  }
  // Strictest first; among equals, sure matches before possible ones and the
  // most specific pattern first, so `rm -rf x` is explained by rm-recursive, not rm.
  matches.sort((a, b) => outcomeRank(b.verdict) - outcomeRank(a.verdict) || Number(b.certain) - Number(a.certain) || b.specificity - a.specificity);
  const verdict = mostRestrictive(...matches.map((m) => m.verdict));
  // Read-only when the grammar found it only reads, or every allow rule says so.
  const readOnly = verdict === 'allow' && (matches.some((m) => m.readOnly && m.source === 'builtin') || matches.every((m) => m.readOnly));
  return { subcommand, verdict, matches, readOnly };
}

function specificity(rule: Rule): number {
  return rule.pattern.line ? 1 : rule.pattern.tokens.filter((t) => t.kind !== 'many').length;
}

/** Checks every rule's `match` / `notMatch` examples against the sub-commands `analyse` finds in them. */
export function checkRuleExamples(rules: readonly Rule[], analyse: (command: string) => readonly SubCommand[]): string[] {
  const problems: string[] = [];
  for (const rule of rules) {
    const hits = (command: string) => analyse(command).some((sub) => matchArgvPattern(rule.pattern, sub.words, 'certain', rule.decision === 'allow'));
    for (const example of rule.match) {
      if (!hits(example)) problems.push(`rule ${JSON.stringify(rule.id)} (${rule.source}): example ${JSON.stringify(example)} should match ${rule.pattern.text} but does not`);
    }
    for (const example of rule.notMatch) {
      if (hits(example)) problems.push(`rule ${JSON.stringify(rule.id)} (${rule.source}): example ${JSON.stringify(example)} should not match ${rule.pattern.text} but does`);
    }
  }
  return problems;
}
