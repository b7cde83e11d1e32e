import type { SubCommand } from '../command/command-analysis';
import { isLiteral } from '../command/word';
import type { GrammarMatch, Touch } from '../grammar/match-grammar';
import { grammarRuleId } from '../grammar/grammar-set';
import { sedScriptProblem } from '../grammar/sed-script';
import type { RuleMatch } from '../rules/rule-set';
import type { Verdict } from '../verdict';

/**
 * What a program's grammar says about one sub-command, as rule matches: `allow`
 * (`grammar:NAME`) when every word is understood and it only reads; else `ask`
 * naming the word not understood, or what it writes, runs or changes. These asks
 * say "nothing built in allows this", so a user's allow rule lifts them (explicit
 * consent); the paths it touches are judged apart and are never lifted.
 */
export function judgeGrammar(result: GrammarMatch, sub: SubCommand): RuleMatch[] {
  const line = () => clip(sub.argv.join(' '));
  if (!result.understood) {
    return [ask('not-understood', `\`${line()}\`: ${result.reason}; the policy only lets through what it understands word by word, so a person must approve it`)];
  }
  const out: RuleMatch[] = [];
  // One pass, most telling first: a script not understood, then what runs, is written, is changed.
  for (const t of result.touches) {
    if (t.kind === 'sed-script') {
      const problem = isLiteral(t.word) ? sedScriptProblem(t.word.value) : 'the sed script is only known at run time';
      if (problem) out.push(ask('not-understood', `\`${line()}\`: ${problem}; a person must approve it`));
    } else if (t.kind === 'exec') {
      out.push(ask('runs-program', `\`${line()}\` runs ${clip(t.word.value)} (${describe(t, result)})`));
    } else if (t.kind === 'write') {
      out.push(ask('writes-file', `\`${line()}\` writes ${clip(t.word.value)} (${describe(t, result)})`));
    } else if (t.kind === 'state') {
      out.push(ask('changes-state', `\`${line()}\` creates or changes ${clip(t.word.value)} (${describe(t, result)})`));
    }
  }
  for (const e of result.effects) {
    const via = `${e.via}${e.why ? `: ${e.why}` : ''}`;
    if (e.kind === 'exec') out.push(ask('runs-program', `\`${line()}\` runs another program (${via})`));
    else if (e.kind === 'write') out.push(ask('writes-file', `\`${line()}\` changes files (${via})`));
    else out.push(ask('changes-state', `\`${line()}\` ${e.why ?? 'changes state'} (${e.via})`));
  }
  if (out.length > 0) return dedupe(out);
  let allowed = ALLOWED.get(result.path);
  if (!allowed) {
    allowed = [{
      verdict: 'allow', rule: grammarRuleId({ name: result.path.split(' ')[0] ?? result.path }), source: 'builtin', certain: true, pattern: '', readOnly: true, specificity: 0,
      reason: `${result.path} ${result.grammar.grammar.summary}; every word is understood by its option grammar and it only reads`,
    }];
    ALLOWED.set(result.path, allowed);
  }
  return allowed;
}

// The allow of each program (or git subcommand) is the same every time: built once (a few hundred at most).
const ALLOWED = new Map<string, RuleMatch[]>();

function describe(t: Touch, result: GrammarMatch): string {
  if (t.via === 'operand') return `an operand of ${result.path}`;
  const spec = [...result.grammar.long.entries(), ...[...result.grammar.short.entries()].map(([k, v]) => [`-${k}`, v] as const)].find(([name]) => name === t.via)?.[1];
  return spec?.why ? `${t.via}: ${spec.why}` : t.via;
}

function ask(rule: string, reason: string, verdict: Verdict = 'ask'): RuleMatch {
  return { verdict, rule, source: 'builtin', reason, certain: true, pattern: '', readOnly: false, specificity: 0 };
}

function dedupe(matches: RuleMatch[]): RuleMatch[] {
  const seen = new Set<string>();
  return matches.filter((m) => (seen.has(m.reason) ? false : (seen.add(m.reason), true)));
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
