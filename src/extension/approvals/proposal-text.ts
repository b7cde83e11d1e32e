// What a command proposal document says. Plain Node so it is tested without VS
// Code. Everything that came from the model or the workspace goes through
// `visible`: control characters, ANSI escapes, zero-width and bidirectional
// marks are shown as \u{…}, never rendered, so the document cannot lie.
import type { ApprovalItem, ApprovalOutcome, CommandSubject, FindingSummary } from '../../approvals';
import { visible } from '../../policy';

/** The first line of every command proposal; e2e tests look for it. */
export const COMMAND_PROPOSAL_HEADING = 'Clawdock wants to run a command';

/** The proposal document of a command item, as of `now`. */
export function renderCommandProposal(item: ApprovalItem, now: number): string {
  const s = item.subject as CommandSubject;
  const lines: string[] = [];
  lines.push(`${COMMAND_PROPOSAL_HEADING} — approval ${item.id}`);
  lines.push(`Status: ${describeStatus(item, now)}`);
  lines.push('');
  lines.push('Command');
  lines.push(`  ${visible(s.commandLine)}`);
  lines.push('');
  lines.push('Runs as');
  lines.push(`  argv:      ${s.argv.map(quote).join(' ')}`);
  lines.push(`  cwd:       ${visible(s.cwd)}`);
  const env = Object.entries(s.env);
  lines.push(`  env:       ${env.length === 0 ? '(nothing added)' : env.map(([k, v]) => `${visible(k)}=${quote(v)}`).join(' ')}`);
  lines.push(`  container: ${s.containerId.slice(0, 12)} · image ${visible(s.imageId)}`);
  if (s.timeoutMs !== undefined) lines.push(`  timeout:   ${Math.round(s.timeoutMs / 1000)} s`);
  lines.push('');
  lines.push('Asked by');
  lines.push(`  ${visible(item.caller.id)} (${item.caller.profile}, via ${item.caller.surface})${item.restored ? ' — restored after a reload; runs here once approved' : ''}`);
  lines.push('');
  lines.push('Why it asks');
  lines.push(`  decided by ${visible(item.decision.rule)} (${item.decision.source}): ${item.decision.decision}`);
  for (const r of item.decision.reasons) lines.push(`  - ${visible(r)}`);
  if (item.decision.subcommands.length > 0) {
    lines.push('');
    lines.push('Sub-commands');
    item.decision.subcommands.forEach((sub, i) => {
      const via = sub.via.length > 0 ? `  [via ${sub.via.map(visible).join(' › ')}]` : '';
      lines.push(`  ${i + 1}. ${sub.argv.map(quote).join(' ')}  → ${sub.verdict}${via}`);
      for (const m of sub.matches) lines.push(`       ${formatFinding(m)}`);
    });
  }
  if (item.decision.findings.length > 0) {
    lines.push('');
    lines.push('Other checks');
    for (const f of item.decision.findings) lines.push(`  ${formatFinding(f)}`);
  }
  lines.push('');
  lines.push(`Binding: ${item.binding}`);
  lines.push('Approving runs exactly the argv above in that container; if the container or image changes first, nothing runs.');
  return `${lines.join('\n')}\n`;
}

/** `pending · expires 14:02:03 (in 9 min)`, or how it ended. */
export function describeStatus(item: ApprovalItem, now: number): string {
  if (item.status === 'pending') {
    if (item.expiresAt === null) return 'pending (does not expire)';
    const left = Math.max(0, item.expiresAt - now);
    return `pending · expires ${new Date(item.expiresAt).toLocaleTimeString()} (in ${left < 60_000 ? `${Math.ceil(left / 1000)} s` : `${Math.round(left / 60_000)} min`})`;
  }
  return item.outcome ? describeOutcome(item.outcome) : item.status;
}

/** How an outcome reads to a person. */
export function describeOutcome(outcome: ApprovalOutcome): string {
  const note = 'note' in outcome && outcome.note ? ` — “${visible(outcome.note)}”` : '';
  switch (outcome.status) {
    case 'approved': return `approved${outcome.scope === 'always' ? ' always' : ''} by ${visible(outcome.by)} via ${outcome.surface}${note}`;
    case 'partially-approved': return `partially approved by ${visible(outcome.by)} (hunks ${outcome.acceptedHunks.map((i) => i + 1).join(', ')} accepted)${note}`;
    case 'rejected': return `rejected by ${visible(outcome.by)} via ${outcome.surface}${note}`;
    case 'expired': return `expired after ${Math.round(outcome.afterMs / 1000)} s (counts as rejected)`;
    case 'cancelled': return `cancelled: ${visible(outcome.reason)}`;
  }
}

function formatFinding(f: FindingSummary): string {
  const maybe = f.certain === false ? ' (may match once expanded)' : '';
  return `${f.verdict.padEnd(5)} ${visible(f.rule)} (${f.source})${f.pattern ? ` ${visible(f.pattern)}` : ''}${maybe}: ${visible(f.reason)}`;
}

function quote(arg: string): string {
  const v = visible(arg);
  return /^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}
