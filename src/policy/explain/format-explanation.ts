import { quote, visible as showVisible } from '../../core/display';
import type { Explanation } from '../decision';

// Control, invisible and bidirectional characters are shown as \u{…} escapes,
// never rendered: an explanation must not be able to lie about the command.
// The one sanitiser and quote live in core/display; this one-argument form
// (escape mode, safe to pass to `map`) is what the policy's users import.
export function visible(text: string): string {
  return showVisible(text);
}

/** A people-readable account of a decision: outcome, rule and layer, reasons, sub-commands with their rules. */
export function formatExplanation(explanation: Explanation): string {
  const d = explanation.decision;
  const lines: string[] = [];
  const call = explanation.call;
  lines.push(`Decision: ${d.decision.toUpperCase()}${d.dryRun ? ' (dry-run: nothing runs)' : ''}`);
  lines.push(`Decided by: ${d.rule} (${d.source})`);
  lines.push(`Caller profile: ${explanation.profile} · mode: ${explanation.mode} (${explanation.modeSource})`);
  if (call) lines.push(`Tool: ${call.tool} (${call.kind})${call.paths.length ? ` · paths: ${call.paths.map((p) => visible(p.relative)).join(', ')}` : ''}`);
  lines.push('Reasons:');
  for (const r of d.reasons) lines.push(`  - ${visible(r)}`);
  if (explanation.subcommands.length > 0) {
    lines.push('Sub-commands:');
    explanation.subcommands.forEach((s, i) => {
      const via = s.via.length ? `  [via ${s.via.map(visible).join(' › ')}]` : '';
      lines.push(`  ${i + 1}. ${s.argv.map((a) => quote(a)).join(' ')}  → ${s.verdict}${via}`);
      for (const m of s.matches) {
        const maybe = m.certain ? '' : ' (may match once expanded)';
        lines.push(`       ${m.verdict.padEnd(5)} ${m.rule} (${m.source})${m.pattern ? ` ${m.pattern}` : ''}${maybe}: ${visible(m.reason)}`);
      }
    });
  }
  const other = explanation.findings.filter((f) => !explanation.subcommands.some((s) => s.matches.includes(f as never)));
  if (other.length > 0) {
    lines.push('Other checks:');
    for (const f of other) lines.push(`  ${f.verdict.padEnd(5)} ${f.rule} (${f.source}): ${visible(f.reason)}`);
  }
  if (explanation.notices.length > 0) {
    lines.push('Ignored settings:');
    for (const n of explanation.notices) lines.push(`  - ${visible(n)}`);
  }
  return `${lines.join('\n')}\n`;
}
