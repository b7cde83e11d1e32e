// What every surface says about an approval — the command as it runs, where,
// with what added environment and timeout, and who asked — written once, so
// the proposal document, the chat card, notifications, the terminal and the
// audit line cannot tell different stories. Values come out visible (core/display).
import type { Caller } from '../../core/caller';
import { quote, shellWord, visible } from '../../core/display';
import { shellArgv } from '../../sandbox';
import type { ApprovalSubject, CommandSubject, DecisionSummary } from '../approval';

/** What a surface shows an approval from: the subject, who asked, and why the policy asks. */
export interface ProposalFacts {
  readonly subject: ApprovalSubject;
  readonly caller: Caller;
  readonly decision: DecisionSummary;
}

/** One labelled fact (`cwd`, `env` …), its value visible. */
export interface Fact {
  readonly label: string;
  readonly value: string;
}

/** Names the setting a command without its own timeout runs under. */
export const DEFAULT_TIMEOUT_TEXT = 'the sandbox default (clawdock.sandbox.defaultTimeoutSeconds)';

/**
 * The command exactly as it runs, not yet made visible: the shell line when argv
 * is the sandbox's `bash -c LINE`, else the argv quoted. Never `commandLine`:
 * argv is what the approval binds.
 */
export function commandAsRun(s: Pick<CommandSubject, 'argv'>): string {
  const [shell, flag] = shellArgv('');
  const line = s.argv[2];
  return s.argv.length === 3 && s.argv[0] === shell && s.argv[1] === flag && line !== undefined ? line : s.argv.map(shellWord).join(' ');
}

/** `owner (owner, via chat)`: who asked, their profile and the surface they came through. */
export function askedBy(caller: Caller): string {
  return `${visible(caller.id)} (${caller.profile}, via ${caller.surface})`;
}

/** The extra environment, `K='v' …`, or that nothing is added. */
export function envText(env: Readonly<Record<string, string>>): string {
  const entries = Object.entries(env);
  return entries.length === 0 ? '(nothing added)' : entries.map(([k, v]) => `${visible(k)}=${quote(v)}`).join(' ');
}

/** `30 s`, or the default it runs under. */
export function timeoutText(timeoutMs: number | undefined): string {
  return timeoutMs === undefined ? DEFAULT_TIMEOUT_TEXT : `${Math.round(timeoutMs / 1000)} s`;
}

/**
 * The facts a surface shows beside a command or an edit: where and how a command
 * runs (cwd, env, timeout) and, for every kind, who asked.
 */
export function proposalFacts(facts: Pick<ProposalFacts, 'subject' | 'caller'>): Fact[] {
  const s = facts.subject;
  const out: Fact[] = [];
  if (s.kind === 'command') {
    out.push({ label: 'cwd', value: visible(s.cwd) }, { label: 'env', value: envText(s.env) }, { label: 'timeout', value: timeoutText(s.timeoutMs) });
  } else if (s.kind === 'edit') {
    out.push({ label: 'file', value: `${visible(s.path)}${s.protectedPath ? ' (protected path: the host runs or trusts it)' : ''}` });
  } else {
    out.push({ label: 'path', value: visible(s.path) });
  }
  out.push({ label: 'asked by', value: askedBy(facts.caller) });
  return out;
}
