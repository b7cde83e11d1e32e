import type { Caller } from '../core/caller';
import { analyseCommand, DEFAULT_ANALYSE_LIMITS } from './command/analyse-command';
import type { AnalyseLimits } from './command/analyse-command';
import { loadBashParser } from './command/bash-parser';
import type { BashParser, BashParserOptions } from './command/bash-parser';
import type { Decision, ExplainedSubcommand, Explanation } from './decision';
import { modeFindings } from './decide/apply-mode';
import { profileFindings } from './decide/apply-profile';
import { evaluateCommand } from './decide/evaluate-command';
import { evaluateFileTool } from './decide/evaluate-file-tool';
import type { WorkspaceAccess } from './decide/evaluate-file-tool';
import { BUILTIN_GRAMMARS } from './grammar/builtin-grammars';
import { builtinGrammarProblems } from './grammar/check-grammar-examples';
import { compileGrammars } from './grammar/grammar-set';
import type { PathRules } from './decide/path-rules';
import { systemClock } from '../core/clock';
import type { Clock } from '../core/clock';
import { createLimitTracker } from './limits/limit-tracker';
import type { LimitTracker } from './limits/limit-tracker';
import { compilePathGlobs } from './paths/path-globs';
import { PolicyLoadError } from './policy-load-error';
import { checkRuleExamples, compileRules } from './rules/rule-set';
import type { RuleMatch } from './rules/rule-set';
import { mergePolicyLayers } from './settings/merge-layers';
import type { PolicyLayers } from './settings/merge-layers';
import type { PolicyMode } from './settings/policy-settings';
import type { RunCommandArgs } from './tools/run-command-tool';
import { createToolRegistry } from './tools/tool-registry';
import type { ToolRegistry } from './tools/tool-registry';
import { WORKSPACE_ROOT } from './tools/workspace-path';
import type { Finding, Verdict } from './verdict';
import { outcomeRank, strictestFinding } from './verdict';

/** What a policy is built from: the settings layers and the few services it needs. */
export interface PolicyOptions extends Partial<PolicyLayers>, BashParserOptions {
  /** A loaded parser to share between policies (else one is loaded from `wasmDir`). */
  readonly parser?: BashParser;
  /** Time for the rate limits (tests pass a manual clock). */
  readonly clock?: Clock;
  /** The tools calls may use (the built-in six by default). */
  readonly tools?: ToolRegistry;
  readonly analyseLimits?: AnalyseLimits;
  /**
   * How the sandbox sees the workspace (`clawdock.sandbox.workspaceAccess`, default
   * `shadow`): in `shadow` the owner's file writes go to the layer without asking;
   * in `ro` they are refused.
   */
  readonly workspaceAccess?: WorkspaceAccess;
}

/** Per-call options. */
export interface DecideContext {
  /** Count the call towards the identical-call breaker (default true; explain never counts). */
  readonly record?: boolean;
}

/** The policy of one agent session: decides tool calls, explains decisions, tracks limits. */
export interface Policy {
  /** Decides one raw tool call (`{"tool", "args"}` object or JSON text) for a caller. */
  decide(call: unknown, caller: Caller, ctx?: DecideContext): Decision;
  /** The decision with everything behind it; does not count towards limits. */
  explain(call: unknown, caller: Caller): Explanation;
  /** Rate limits and breakers: the agent loop reports model calls, executions and outcomes here. */
  readonly limits: LimitTracker;
  readonly mode: PolicyMode;
  /** Settings that were ignored (workspace loosening, untrusted workspace). */
  readonly notices: readonly string[];
  /** Whether a workspace-relative path may not be read (file tools filter listings and search results with it). */
  isReadDenied(relativePath: string): boolean;
  /** Whether a workspace-relative path is protected (changes always need approval). */
  isProtected(relativePath: string): boolean;
}

/**
 * Builds a policy from built-in defaults ← user ← workspace settings. Loads the
 * bash parser when none is given, then checks every rule and its examples: a
 * malformed rule or a failing example throws PolicyLoadError (fail closed).
 */
export async function createPolicy(options: PolicyOptions = {}): Promise<Policy> {
  const parser = options.parser ?? (await loadBashParser(options));
  const analyseLimits = options.analyseLimits ?? DEFAULT_ANALYSE_LIMITS;
  const merged = mergePolicyLayers({ user: options.user, workspace: options.workspace, workspaceTrusted: options.workspaceTrusted ?? false });
  const { ruleSet, problems } = compileRules(merged.rules);
  problems.push(...merged.problems);
  problems.push(...checkRuleExamples(ruleSet.rules, (command) => analyseCommand(parser, command, analyseLimits).subcommands));
  const { set: grammars, problems: grammarProblems } = compileGrammars(BUILTIN_GRAMMARS, merged.disabledBuiltins);
  problems.push(...grammarProblems, ...builtinGrammarProblems(parser, analyseLimits));
  if (problems.length > 0) throw new PolicyLoadError(problems);
  const paths: PathRules = { readDeny: compilePathGlobs(merged.readDeny, { backups: true }), protectedPaths: compilePathGlobs(merged.protectedPaths) };
  const access: WorkspaceAccess = options.workspaceAccess ?? 'shadow';
  const tools = options.tools ?? createToolRegistry();
  const limits = createLimitTracker(merged.limits, options.clock ?? systemClock);

  const explain = (raw: unknown, caller: Caller, record: boolean): Explanation => {
    const base = { profile: caller.profile, mode: merged.mode, modeSource: merged.modeSource, notices: merged.notices };
    const parsed = tools.parse(raw);
    if (!parsed.ok) {
      const finding: Finding = { verdict: 'deny', rule: 'schema', source: 'schema', reason: parsed.reason };
      return { ...base, call: undefined, subcommands: [], findings: [finding], decision: toDecision([finding], [], false) };
    }
    const call = parsed.call;
    const trip = limits.check(call, record);
    if (trip) {
      const decision: Decision = { decision: 'pause', rule: `limits.${trip.limit}`, source: 'limit', reasons: [trip.message], subcommands: [], dryRun: merged.mode === 'dry-run' };
      return { ...base, call, subcommands: [], findings: [], decision };
    }

    let findings: Finding[];
    let subcommands: ExplainedSubcommand[] = [];
    let readOnly: boolean;
    if (call.kind === 'exec') {
      const args = call.args as RunCommandArgs;
      const evaluation = evaluateCommand(analyseCommand(parser, args.command, analyseLimits), { rules: ruleSet, grammars, paths }, args.cwd ?? WORKSPACE_ROOT);
      subcommands = evaluation.subcommands.map((e) => ({ argv: e.subcommand.argv, via: e.subcommand.via, verdict: e.verdict, matches: e.matches }));
      findings = [...evaluation.subcommands.flatMap((e) => e.matches), ...evaluation.findings];
      readOnly = evaluation.readOnly;
    } else {
      findings = evaluateFileTool(call, paths, { access, ownerAskRisky: caller.profile === 'owner' && merged.mode === 'ask-risky', autoApproveEdits: merged.autoApproveEdits });
      readOnly = call.kind === 'read';
    }
    const baseVerdict = verdictOf(findings);
    findings.push(...profileFindings(caller.profile, call.kind, baseVerdict, readOnly));
    findings.push(...modeFindings(merged.mode, merged.modeSource, call.kind, verdictOf(findings), readOnly));
    const sorted = [...findings].sort((a, b) => outcomeRank(b.verdict) - outcomeRank(a.verdict));
    return { ...base, call, subcommands, findings: sorted, decision: toDecision(findings, subcommands.map((s) => s.argv), merged.mode === 'dry-run') };
  };

  return {
    decide: (call, caller, ctx = {}) => explain(call, caller, ctx.record ?? true).decision,
    explain: (call, caller) => explain(call, caller, false),
    limits,
    mode: merged.mode,
    notices: merged.notices,
    isReadDenied: (p) => paths.readDeny.match(p) !== undefined,
    isProtected: (p) => paths.protectedPaths.match(p) !== undefined,
  };
}

/**
 * The finding that names the decision: the strictest; among equals a protected
 * or secret path first, a sure rule match next, then checks of the line (parse
 * errors, redirections, profile, mode), then
 * rules that only may match, and "no rule covers it" last — the most telling reason.
 */
function decidingFinding(findings: readonly Finding[]): Finding | undefined {
  const top = strictestFinding(findings);
  if (!top) return undefined;
  const preference = (f: Finding): number => {
    // A protected or secret path is the most telling reason there is; a sensitive variable next.
    if (/^(protectedPaths|readDeny):/.test(f.rule)) return -2;
    if (f.rule === 'sensitive-variable') return -1;
    if (!('certain' in f)) return 1;
    const m = f as RuleMatch;
    if (m.rule === 'unmatched') return 3;
    // What a grammar says in general (not understood, writes, runs) tells less than a named rule or a check of the line.
    if (GRAMMAR_ASKS.has(m.rule)) return 2;
    return m.certain ? 0 : 2;
  };
  const tied = findings.filter((f) => f.verdict === top.verdict);
  return tied.reduce((best, f) => (preference(f) < preference(best) ? f : best), tied[0] as Finding);
}

const MAX_REASONS = 8;
const GRAMMAR_ASKS = new Set(['not-understood', 'writes-file', 'runs-program', 'changes-state']);

function verdictOf(findings: readonly Finding[]): Verdict {
  return strictestFinding(findings)?.verdict ?? 'ask';
}

/** Builds the decision from its findings: the strictest names the rule; reasons are those at that level, deduplicated. */
function toDecision(findings: readonly Finding[], subcommands: readonly (readonly string[])[], dryRun: boolean): Decision {
  const top = decidingFinding(findings);
  if (!top) {
    // Nothing said anything: fail closed.
    return { decision: 'ask', rule: 'no-rule', source: 'builtin', reasons: ['nothing in the policy covers this call, so a person must approve it'], subcommands, dryRun };
  }
  const all = [...new Set([top.reason, ...findings.filter((f) => f.verdict === top.verdict).map((f) => f.reason)])];
  // A hostile line can match dozens of rules; the first few say enough, explain says all.
  const reasons = all.length > MAX_REASONS ? [...all.slice(0, MAX_REASONS - 1), `… and ${all.length - MAX_REASONS + 1} more (see \`clawdock policy explain\`)`] : all;
  if (dryRun) reasons.push('dry-run mode: nothing runs; this shows what would happen');
  return { decision: top.verdict, rule: top.rule, source: top.source, reasons, subcommands, dryRun };
}
