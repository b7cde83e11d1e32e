import { genericKeep, isMasked, REDACTED_MARK } from './mask';
import type { RedactionRule, SecretMatch } from './redaction-rule';

/** Rules made ready to run: prefixed ones share one trigger pass (see RedactionRule.prefix). */
export interface CompiledRules {
  readonly scanned: readonly RedactionRule[];
  readonly prefixed: readonly { readonly rule: RedactionRule; readonly sticky: RegExp }[];
  readonly trigger: RegExp | undefined;
}

/**
 * Prepares rules for `findRuleMatches`. Each regex pass over the text has a
 * fixed cost per character, so thirty provider rules run as thirty passes
 * were most of the redaction time; one pass over their prefixes, then each
 * rule tried only where a prefix occurs, does the same work in a fraction.
 */
export function compileRules(rules: readonly RedactionRule[]): CompiledRules {
  const prefixed = rules.filter((r) => r.prefix !== undefined);
  return {
    scanned: rules.filter((r) => r.prefix === undefined),
    prefixed: prefixed.map((rule) => ({ rule, sticky: new RegExp(rule.pattern.source, rule.pattern.flags.replace('g', '') + 'y') })),
    trigger: prefixed.length > 0 ? new RegExp(prefixed.map((r) => `(?:${r.prefix})`).join('|'), 'g') : undefined,
  };
}

/** Appends every accepted match of the compiled rules in `text` to `out` (unsorted, may overlap). */
export function findRuleMatches(compiled: CompiledRules, text: string, out: SecretMatch[]): void {
  for (const rule of compiled.scanned) {
    const re = rule.pattern;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length === 0) re.lastIndex++;
      // Rejected: look again from the next character, a rejected candidate may hide a real one.
      else if (!takeMatch(rule, m, text, out)) re.lastIndex = m.index + 1;
    }
  }
  const trigger = compiled.trigger;
  if (!trigger) return;
  trigger.lastIndex = 0;
  let hit: RegExpExecArray | null;
  while ((hit = trigger.exec(text)) !== null) {
    let next = hit.index + 1;
    // Checked before any rule runs: inside a longer token no prefixed rule may start (they all want a token start).
    const insideToken = hit.index > 0 && isTokenChar(text.charCodeAt(hit.index - 1));
    for (const { rule, sticky } of compiled.prefixed) {
      if (insideToken && rule.tokenStart === true) continue;
      sticky.lastIndex = hit.index;
      const m = sticky.exec(text);
      if (m && m[0].length > 0 && takeMatch(rule, m, text, out)) next = Math.max(next, m.index + m[0].length);
    }
    trigger.lastIndex = next;
  }
}

/** What follows the visible prefix of a mask: a candidate ending right before it is that prefix. */
const MASK_TAIL = `…${REDACTED_MARK}`;

function takeMatch(rule: RedactionRule, m: RegExpExecArray, text: string, out: SecretMatch[]): boolean {
  const whole = m[0];
  const groups = m.groups ?? {};
  const secret = groups.s ?? groups.s2 ?? whole;
  // The secret group ends the match (see RedactionRule), so its start follows from its length.
  const start = m.index + whole.length - secret.length;
  const end = start + secret.length;
  if (rule.tokenStart === true && m.index > 0 && isTokenChar(text.charCodeAt(m.index - 1))) return false;
  if (isMasked(secret) || text.startsWith(MASK_TAIL, end)) return false;
  if (rule.accept !== undefined && !rule.accept(secret, { groups, text, index: m.index })) return false;
  const keep = typeof rule.keep === 'function' ? rule.keep(secret) : (rule.keep ?? genericKeep(secret));
  out.push({ start, end, ruleId: rule.id, keep });
  return true;
}

function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}
