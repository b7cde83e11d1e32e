import type { Explanation } from '../policy';
import { formatExplanation } from '../policy';
import type { ApprovalRequest, DecisionSummary, FindingSummary } from './approval';

/** The part of a policy explanation an approval keeps: decision, sub-commands with their rules, other checks, and the text. */
export function summarizeDecision(explanation: Explanation): DecisionSummary {
  const d = explanation.decision;
  const matched = new Set<unknown>(explanation.subcommands.flatMap((s) => s.matches));
  const finding = (f: { verdict: FindingSummary['verdict']; rule: string; source: FindingSummary['source']; reason: string; pattern?: string; certain?: boolean }): FindingSummary => ({
    verdict: f.verdict, rule: f.rule, source: f.source, reason: f.reason,
    ...(f.pattern ? { pattern: f.pattern } : {}),
    ...(f.certain !== undefined ? { certain: f.certain } : {}),
  });
  return {
    decision: d.decision,
    rule: d.rule,
    source: d.source,
    reasons: [...d.reasons],
    subcommands: explanation.subcommands.map((s) => ({ argv: [...s.argv], via: [...s.via], verdict: s.verdict, matches: s.matches.map(finding) })),
    findings: explanation.findings.filter((f) => !matched.has(f)).map(finding),
    explanation: formatExplanation(explanation),
  };
}

/**
 * The decision a request's item keeps: the explanation's summary with the
 * decision as it stands (taint may have turned an `allow` into `ask`), and the
 * taint always among the reasons, first.
 */
export function summarizeRequest(request: Pick<ApprovalRequest, 'decision' | 'explanation' | 'taint'>): DecisionSummary {
  const summary = summarizeDecision(request.explanation);
  const reasons = [...request.decision.reasons];
  if (request.taint && !reasons.includes(request.taint)) reasons.unshift(`Automatic approval is suspended: ${request.taint}`);
  return { ...summary, decision: request.decision.decision, rule: request.decision.rule, source: request.decision.source, reasons };
}
