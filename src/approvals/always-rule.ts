// "Approve always": a rule as narrow as it can be while still useful, shown to
// the person before it is saved. Allow rules only decide commands no other rule
// covers (deny beats ask beats allow), so a suggestion is only made when every
// reason for asking was "no rule covers this".
import { sha256Hex } from '../core/hash';
import type { RuleSpec } from '../policy';
import { visible } from '../policy';
import type { DecisionSummary, ToolCallRecord } from './approval';

/** A suggested rule set and the text to show before saving it, or why none can be offered. */
export type AlwaysRuleSuggestion =
  | { readonly ok: true; readonly rules: readonly RuleSpec[]; readonly text: string }
  | { readonly ok: false; readonly reason: string };

/** The setting the rules go to (user settings only: a workspace may not add allow rules). */
export const ALWAYS_RULE_SETTING = 'clawdock.policy.rules';

// Programs that run whatever their arguments say: only the exact argv is ever suggested.
const INTERPRETERS = new Set(['bash', 'sh', 'zsh', 'dash', 'fish', 'python', 'python3', 'node', 'deno', 'bun', 'perl', 'ruby', 'php', 'lua', 'npx', 'env', 'eval', 'exec', 'sudo', 'xargs', 'find', 'awk', 'sed', 'docker', 'kubectl', 'ssh', 'curl', 'wget']);
const MAX_EXAMPLE_CHARS = 4096;

/**
 * Suggests allow rules that would have let `toolCall` through: one per sub-command
 * that asked only because no rule covers it — the exact argv, or its prefix up to
 * the first path-like or variable argument when that keeps at least the program
 * and a sub-command word (`npm run test -- src/a.ts` → `["npm","run","test","--"]`).
 */
export function suggestAlwaysRule(toolCall: ToolCallRecord, decision: DecisionSummary, now: Date = new Date()): AlwaysRuleSuggestion {
  if (toolCall.tool !== 'run_command') return { ok: false, reason: 'Approve always is offered for commands only; each edit is approved on its own.' };
  if (decision.decision !== 'ask') return { ok: false, reason: `the policy's decision is ${decision.decision}, not ask` };
  const blocking = decision.findings.find((f) => f.verdict !== 'allow');
  if (blocking) return { ok: false, reason: `a rule cannot lift this: ${blocking.rule} (${blocking.source}) — ${visible(blocking.reason)}` };
  const rules: RuleSpec[] = [];
  const lines: string[] = [];
  const commandLine = typeof (toolCall.args as { command?: unknown } | null)?.command === 'string' ? (toolCall.args as { command: string }).command : '';
  for (const sub of decision.subcommands) {
    if (sub.verdict === 'allow') continue;
    const other = sub.matches.find((m) => m.verdict !== 'allow' && m.rule !== 'unmatched');
    if (other) return { ok: false, reason: `ask beats allow: ${other.rule} (${other.source}) still asks for \`${visible(sub.argv.join(' '))}\` — ${visible(other.reason)}` };
    const program = sub.argv[0] ?? '';
    if (program === '' || program.includes('/')) return { ok: false, reason: `\`${visible(program)}\` is run by path; allow rules only cover programs found on PATH` };
    if (sub.argv.slice(0, 2).some(isVariable)) return { ok: false, reason: `\`${visible(sub.argv.join(' '))}\` has parts only known when it runs` };
    const cut = sub.argv.findIndex((a, i) => i > 0 && (isVariable(a) || isPathLike(a)));
    const prefix = cut >= 2 && !INTERPRETERS.has(program);
    if (cut !== -1 && !prefix && sub.argv.some(isVariable)) return { ok: false, reason: `\`${visible(sub.argv.join(' '))}\` has parts only known when it runs; approve it once instead` };
    const words = prefix ? sub.argv.slice(0, cut) : sub.argv;
    rules.push({
      id: `always-${program.replace(/[^\w.-]/g, '_').slice(0, 40)}-${sha256Hex(JSON.stringify([words, prefix])).slice(0, 8)}`,
      pattern: words.map(patternToken),
      decision: 'allow',
      reason: `approved always by the owner on ${now.toISOString().slice(0, 10)}`,
      ...(prefix ? {} : { exact: true }),
      ...(commandLine !== '' && commandLine.length <= MAX_EXAMPLE_CHARS ? { match: [commandLine] } : {}),
    });
    const shown = visible(words.join(' '));
    lines.push(prefix ? `  • any command starting with \`${shown}\`` : `  • exactly \`${shown}\``);
  }
  if (rules.length === 0) return { ok: false, reason: 'no sub-command needs a rule' };
  const text = [
    `Save ${rules.length === 1 ? 'this rule' : `these ${rules.length} rules`} to your user settings (${ALWAYS_RULE_SETTING}) so the agent may run, without asking:`,
    ...lines,
    'Deny and ask rules still apply to these commands; remove the rule in Settings to undo.',
  ].join('\n');
  return { ok: true, rules, text };
}

function isVariable(arg: string): boolean {
  return /[$`*?[\]{}]/.test(arg);
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
