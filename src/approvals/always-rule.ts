// "Approve always": a rule no wider than the program's grammar can prove safe,
// shown — with two commands it allows and two it does not — exactly as it is
// saved. Allow rules only decide commands no other rule covers (deny beats ask
// beats allow), so a suggestion is only made when every reason for asking was
// "nothing built in allows this" (issue 18: what you approve is what runs).
import { sha256Hex } from '../core/hash';
import type { RuleSpec } from '../policy';
import { programScope, visible } from '../policy';
import type { DecisionSummary, ToolCallRecord } from './approval';

/** A suggested rule set and the text to show before saving it, or why none can be offered. */
export type AlwaysRuleSuggestion =
  | { readonly ok: true; readonly rules: readonly RuleSpec[]; readonly text: string }
  | { readonly ok: false; readonly reason: string };

/** The setting the rules go to (user settings only: a workspace may not add allow rules). */
export const ALWAYS_RULE_SETTING = 'clawdock.policy.rules';

// Asks that only say "nothing built in allows this" — the ones an allow rule may lift.
const LIFTABLE = new Set(['unmatched', 'not-understood', 'writes-file', 'runs-program', 'changes-state']);

/**
 * Suggests allow rules that would have let `toolCall` through: one per
 * sub-command that asked only because nothing built in allows it. The exact
 * argv, unless a built-in grammar proves the program cannot run anything else
 * (no archiver, compiler, build tool, interpreter, `find`, `git` …): then the
 * prefix up to the first path-like argument, when that keeps the program and
 * a sub-command word. Each rule carries the examples shown (checked at load).
 */
export function suggestAlwaysRule(toolCall: ToolCallRecord, decision: DecisionSummary, now: Date = new Date()): AlwaysRuleSuggestion {
  if (toolCall.tool !== 'run_command') return { ok: false, reason: 'Approve always is offered for commands only; each edit is approved on its own.' };
  if (decision.decision !== 'ask') return { ok: false, reason: `the policy's decision is ${decision.decision}, not ask` };
  const blocking = decision.findings.find((f) => f.verdict !== 'allow');
  if (blocking) return { ok: false, reason: `a rule cannot lift this: ${blocking.rule} (${blocking.source}) — ${visible(blocking.reason)}` };
  const rules: RuleSpec[] = [];
  const lines: string[] = [];
  for (const sub of decision.subcommands) {
    if (sub.verdict === 'allow') continue;
    const other = sub.matches.find((m) => m.verdict !== 'allow' && !LIFTABLE.has(m.rule));
    if (other) return { ok: false, reason: `ask beats allow: ${other.rule} (${other.source}) still asks for \`${visible(sub.argv.join(' '))}\` — ${visible(other.reason)}` };
    const program = sub.argv[0] ?? '';
    if (program === '' || program.includes('/')) return { ok: false, reason: `\`${visible(program)}\` is run by path; allow rules only cover programs found on PATH` };
    if (sub.argv.some(isRunTime)) return { ok: false, reason: `\`${visible(sub.argv.join(' '))}\` has parts only known when it runs; approve it once instead` };
    const scope = programScope(program);
    const cut = sub.argv.findIndex((a, i) => i > 0 && (isPathLike(a) || isGlob(a)));
    // Wider than the exact argv only where a grammar proves nothing else can run.
    const prefix = !scope.execCapable && cut >= 2;
    const words = prefix ? sub.argv.slice(0, cut) : [...sub.argv];
    const examples = ruleExamples(sub.argv, words, prefix, scope.execExamples);
    rules.push({
      id: `always-${program.replace(/[^\w.-]/g, '_').slice(0, 40)}-${sha256Hex(JSON.stringify([words, prefix])).slice(0, 8)}`,
      pattern: words.map(patternToken),
      decision: 'allow',
      reason: `approved always by the owner on ${now.toISOString().slice(0, 10)}`,
      ...(prefix ? {} : { exact: true }),
      match: examples.match,
      notMatch: examples.notMatch,
    });
    const shown = visible(words.join(' '));
    lines.push(prefix ? `  • any command starting with \`${shown}\`` : `  • exactly \`${shown}\`${scope.execCapable && scope.known ? ` (${program} can run other programs through its options, so nothing wider)` : ''}`);
    lines.push(`      allows: ${examples.match.map((e) => `\`${visible(e)}\``).join(', ')}`);
    lines.push(`      does not allow: ${examples.notMatch.map((e) => `\`${visible(e)}\``).join(', ')}`);
  }
  if (rules.length === 0) return { ok: false, reason: 'no sub-command needs a rule' };
  const text = [
    `Save ${rules.length === 1 ? 'this rule' : `these ${rules.length} rules`} to your user settings (${ALWAYS_RULE_SETTING}) so the agent may run, without asking:`,
    ...lines,
    'Deny and ask rules, protected paths and secrets files still apply to these commands; remove the rule in Settings to undo.',
  ].join('\n');
  return { ok: true, rules, text };
}

/**
 * Two commands the rule allows and two it does not. Exact: the command, and
 * the same words quoted differently; not: the command with words that make the
 * program run something else (from its grammar), and with one more argument.
 * Prefix: the command, and the prefix with another path; not: the program
 * without the prefix's words, and with another first word.
 */
function ruleExamples(argv: readonly string[], words: readonly string[], prefix: boolean, execExamples: readonly string[]): { match: string[]; notMatch: string[] } {
  const line = (w: readonly string[]) => w.map(shellQuote).join(' ');
  if (prefix) {
    const program = words[0] as string;
    return {
      match: [line(argv), `${line(words)} other/file.txt`],
      notMatch: [`${line([program])} other/file.txt`, `${line([program, 'other', ...words.slice(2)])} x`],
    };
  }
  const before = argv.length > 2 ? argv.slice(0, -1) : argv;
  const after = argv.length > 2 ? argv.slice(-1) : [];
  const inserted = (extra: string) => [line(before), extra, line(after)].filter((p) => p !== '').join(' ');
  const [first, second] = execExamples;
  return {
    match: [line(argv), argv.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ')],
    notMatch: [first ? inserted(first) : `${line(argv)} --extra`, second ? inserted(second) : argv.length > 1 ? line(argv.slice(0, -1)) : `${line(argv)} extra`],
  };
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function isRunTime(arg: string): boolean {
  return /[$`]/.test(arg);
}

function isGlob(arg: string): boolean {
  return /[*?[\]{}]/.test(arg);
}

function isPathLike(arg: string): boolean {
  const value = arg.startsWith('-') && arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : arg;
  if (value.startsWith('-')) return false;
  return value.includes('/') || value.startsWith('.') || value.startsWith('~') || /\.[A-Za-z0-9]{1,8}$/.test(value);
}

// `*`, `**` and `/…/` mean something in a pattern: such a literal word becomes an anchored regex of itself.
function patternToken(word: string): string {
  if (word !== '*' && word !== '**' && word !== '' && !/^\/.+\/[imsu]*$/s.test(word)) return word;
  return `/^${word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$/`;
}
