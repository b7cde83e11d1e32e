// Environment variables a caller asks a command to run with. The policy reads
// command lines, not environments, so an addition can only make a decision
// stricter: a variable that can change what runs (PATH, LD_*, BASH_ENV, GIT_*
// … — the policy's own list) is refused, and any other addition turns `allow`
// into `ask` (and is refused for read-only callers, who get nothing that
// asks). The approval then binds the exact environment with argv and cwd, so
// a changed environment voids it (CVE-2026-32058).
import type { CallerProfile } from '../../core/caller';
import type { Decision } from '../../policy';
import { sensitiveVariableFinding } from '../../policy/command/sensitive-variables';

/** The decision with the environment's findings applied. */
export function withEnvironment(decision: Decision, env: Readonly<Record<string, string>>, profile: CallerProfile): Decision {
  const names = Object.keys(env).sort();
  if (names.length === 0 || decision.decision === 'deny' || decision.decision === 'pause') return decision;
  const sensitive = names.map((n) => sensitiveVariableFinding(n)).filter((f) => f !== undefined);
  if (sensitive.length > 0) {
    return { ...decision, decision: 'deny', rule: 'openclaw.env', source: 'builtin', reasons: [...sensitive.map((f) => `${f.reason}; Clawdock does not take it from a gateway caller`)] };
  }
  const listed = names.join(', ').slice(0, 300);
  if (profile === 'group' || profile === 'readonly') {
    return { ...decision, decision: 'deny', rule: 'openclaw.env', source: 'profile', reasons: [`a ${profile} caller may not set environment variables (${listed}): its commands run only when nothing in them needs asking`] };
  }
  if (decision.decision === 'allow') {
    return { ...decision, decision: 'ask', rule: 'openclaw.env', source: 'builtin', reasons: [`the caller sets environment variables (${listed}), which the policy does not analyse; the owner approves them with the command`] };
  }
  return { ...decision, reasons: [...decision.reasons, `the caller also sets environment variables (${listed}); the approval covers them`] };
}
