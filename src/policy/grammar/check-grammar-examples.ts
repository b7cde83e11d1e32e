import { analyseCommand } from '../command/analyse-command';
import type { AnalyseLimits } from '../command/analyse-command';
import type { BashParser } from '../command/bash-parser';
import { evaluateCommand } from '../decide/evaluate-command';
import { DEFAULT_READ_DENY } from '../paths/default-path-globs';
import { compilePathGlobs } from '../paths/path-globs';
import { BUILTIN_PROTECTED_GLOBS } from '../paths/protected-paths';
import { BUILTIN_RULES } from '../rules/builtin-rules';
import { compileRules } from '../rules/rule-set';
import { WORKSPACE_ROOT } from '../tools/workspace-path';
import type { Verdict } from '../verdict';
import { BUILTIN_GRAMMARS } from './builtin-grammars';
import type { ProgramGrammar } from './grammar';
import { compileGrammars } from './grammar-set';

/**
 * Checks every grammar's examples with `decide`: each `match` must be allowed,
 * each `notMatch` must not be. Returns one problem per failing example.
 */
export function checkGrammarExamples(grammars: readonly ProgramGrammar[], decide: (command: string) => Verdict): string[] {
  const problems: string[] = [];
  const visit = (g: ProgramGrammar, path: string) => {
    for (const example of g.examples?.match ?? []) {
      const v = decide(example);
      if (v !== 'allow') problems.push(`grammar ${JSON.stringify(path)}: example ${JSON.stringify(example)} should be allowed but is ${v}`);
    }
    for (const example of g.examples?.notMatch ?? []) {
      if (decide(example) === 'allow') problems.push(`grammar ${JSON.stringify(path)}: example ${JSON.stringify(example)} should not be allowed but is`);
    }
    for (const sub of g.subcommands ?? []) visit(sub, `${path} ${sub.name}`);
  };
  for (const g of grammars) visit(g, g.name);
  return problems;
}

// The built-in grammars' examples hold or not whatever the settings say, so they
// are checked once per parser (the first policy loaded in a process pays ~50 ms).
const checked = new WeakMap<BashParser, readonly string[]>();

/** The built-in grammars' examples against the built-in rules and paths alone (user settings cannot break them). */
export function builtinGrammarProblems(parser: BashParser, limits: AnalyseLimits): readonly string[] {
  const cached = checked.get(parser);
  if (cached) return cached;
  const { ruleSet, problems } = compileRules(BUILTIN_RULES.map((spec, i) => ({ spec, source: 'builtin', fallbackId: `builtin:${i}` })));
  const { set: grammars, problems: grammarProblems } = compileGrammars(BUILTIN_GRAMMARS);
  const paths = {
    readDeny: compilePathGlobs(DEFAULT_READ_DENY.map((glob) => ({ glob, source: 'builtin' as const })), { backups: true }),
    protectedPaths: compilePathGlobs(BUILTIN_PROTECTED_GLOBS),
  };
  const decide = (command: string) => evaluateCommand(analyseCommand(parser, command, limits), { rules: ruleSet, grammars, paths }, WORKSPACE_ROOT).verdict;
  const all = [...problems, ...grammarProblems, ...checkGrammarExamples(BUILTIN_GRAMMARS, decide)];
  checked.set(parser, all);
  return all;
}
