import type { Explanation } from '../decision';

// Control, invisible and bidirectional characters are shown as \u{…} escapes,
// never rendered: an explanation must not be able to lie about the command.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff]/g;

/** Makes control and invisible characters visible (`\u{202E}`), keeping tabs and newlines out too. */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}}`);
}

function quoteArg(arg: string): string {
  const v = visible(arg);
  return /^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
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
      lines.push(`  ${i + 1}. ${s.argv.map(quoteArg).join(' ')}  → ${s.verdict}${via}`);
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
