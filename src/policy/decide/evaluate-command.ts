import { posix } from 'node:path';
import type { CommandAnalysis, SubCommand } from '../command/command-analysis';
import { isLiteral } from '../command/word';
import type { Word } from '../command/word';
import type { GrammarSet } from '../grammar/grammar-set';
import { matchGrammar } from '../grammar/match-grammar';
import type { GrammarMatch } from '../grammar/match-grammar';
import { canonicalArgv } from '../rules/canonical-argv';
import type { RuleSet, SubcommandEvaluation } from '../rules/rule-set';
import type { Finding, Verdict } from '../verdict';
import { mostRestrictive } from '../verdict';
import { judgeGrammar } from './judge-grammar';
import { HARMLESS_TARGETS, redirectFindings, touchFindings, wordFindings } from './path-findings';
import type { PathRules } from './path-rules';

/** How a whole command line fared: each sub-command against grammars and rules, plus findings about the line. */
export interface CommandEvaluation {
  readonly analysis: CommandAnalysis;
  readonly subcommands: readonly SubcommandEvaluation[];
  /** Findings beyond rule matches: analysis (parse errors, wrappers …) and paths (redirects, secrets). */
  readonly findings: readonly Finding[];
  readonly verdict: Verdict;
  /** Only read-only commands, no redirections that write, nothing asked: what read-only profiles may run. */
  readonly readOnly: boolean;
}

/** What the evaluation of a command line needs from the policy. */
export interface CommandRules {
  readonly rules: RuleSet;
  readonly grammars: GrammarSet;
  readonly paths: PathRules;
}

/** Judges an analysed command line: every sub-command must pass, and nothing about the line may ask more. */
export function evaluateCommand(analysis: CommandAnalysis, policy: CommandRules, cwd: string): CommandEvaluation {
  const { rules, grammars, paths } = policy;
  // `cd .git && echo x > config`: paths are checked from every directory the line may cd into.
  const cwds = [cwd, ...cdTargets(analysis.subcommands, cwd)];
  const findings: Finding[] = analysis.findings.map((f) => ({ verdict: f.verdict, rule: f.kind, source: 'builtin', reason: f.reason }));
  const subcommands = analysis.subcommands.map((s) => {
    const allowing = grammars.lookup(s.words[0], true);
    // Deny rules see `./rm --recur /` as `rm --recursive /` too: the grammar spells out options even when it cannot allow.
    const spelling = allowing ?? grammars.lookup(s.words[0], false);
    const match = spelling ? matchGrammar(spelling, s.words) : undefined;
    const evaluation = rules.evaluate(s, {
      canonical: () => canonicalVariants(s.words, match, cwds),
      ...(allowing && match ? { grammar: judgeGrammar(match, s) } : {}),
    });
    for (const dir of cwds) findings.push(...(allowing && match?.understood ? touchFindings(s, match.touches, paths, dir) : wordFindings(s, paths, dir)));
    return evaluation;
  });
  for (const dir of cwds) for (const r of analysis.redirects) findings.push(...redirectFindings(r, paths, dir));
  dedupe(findings);
  if (analysis.subcommands.length === 0 && findings.length === 0) {
    findings.push({ verdict: 'allow', rule: 'empty', source: 'builtin', reason: 'runs no command' });
  }
  const verdict = mostRestrictive(...subcommands.map((e) => e.verdict), ...findings.map((f) => f.verdict));
  const readOnly = verdict === 'allow' && subcommands.every((e) => e.readOnly) && !analysis.redirects.some((r) => r.write && !HARMLESS_TARGETS.test(posix.normalize(r.target.value)));
  return { analysis, subcommands, findings, verdict, readOnly };
}

/** The argv as deny rules read it from each folder the line may be in, without repeats. */
function canonicalVariants(words: readonly Word[], match: GrammarMatch | undefined, cwds: readonly string[]): (readonly Word[])[] {
  const out: Word[][] = [];
  const seen = new Set<string>([key(words)]);
  for (const dir of cwds) {
    const c = canonicalArgv(words, dir, match?.canonical);
    if (!c) continue;
    const k = key(c);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(c);
  }
  return out;
}

function key(words: readonly Word[]): string {
  return words.map((w) => w.value).join('\u0000');
}

function cdTargets(subcommands: readonly SubCommand[], cwd: string): string[] {
  const out = new Set<string>();
  for (const s of subcommands) {
    const [name, target] = s.words;
    if ((name?.value === 'cd' || name?.value === 'pushd') && target && isLiteral(target) && !target.value.startsWith('-')) {
      const dir = posix.resolve(cwd, target.value);
      if (dir !== cwd) out.add(dir);
    }
  }
  return [...out].slice(0, 8);
}

function dedupe(findings: Finding[]): void {
  const seen = new Set<string>();
  let k = 0;
  for (const f of findings) {
    const id = `${f.verdict}\u0000${f.rule}\u0000${f.reason}`;
    if (seen.has(id)) continue;
    seen.add(id);
    findings[k++] = f;
  }
  findings.length = k;
}
