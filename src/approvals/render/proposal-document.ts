// The whole of a proposal as text: the proposal document in the editor and the
// terminal's question show these lines. Nothing is cut; every character is
// visible (newlines end in ⏎, tabs are ⇥, hidden characters escaped), so a line
// that goes on without ⏎ is a wrap, never a newline of the command. The editor
// wraps the document itself (language clawdock-proposal, editor.wordWrap on:
// search stays whole); the terminal gets lines cut to its width, marked ↪.
import { quoteArgv, visible, wrapLine } from '../../core/display';
import type { CommandSubject, FindingSummary } from '../approval';
import { editNotes } from './edit-notes';
import type { ProposalFacts } from './proposal-facts';
import { askedBy, commandAsRun, envText, timeoutText } from './proposal-facts';

/** The body of a proposal (after its heading and status): what runs, how, who asked and why; `width` cuts lines to a terminal's width. */
export function renderProposalBody(facts: ProposalFacts, width?: number): string[] {
  const s = facts.subject;
  const lines: string[] = [];
  if (s.kind === 'command') lines.push(...commandSection(s, width));
  else if (s.kind === 'edit') {
    lines.push('Edit', ...block(`${s.before === null ? 'create' : s.after === null ? 'delete' : 'change'} ${visible(s.path, { lines: 'mark' })}${s.protectedPath ? ' (protected path: the host runs or trusts it)' : ''}`, '  ', width));
    const { notes } = editNotes(s);
    if (notes.length > 0) {
      lines.push('', 'Look closely');
      for (const n of notes) lines.push(...block(n, '  - ', width, '    '));
    }
  } else {
    lines.push('Read', ...block(`${visible(s.tool)} ${visible(s.path, { lines: 'mark' })}`, '  ', width));
  }
  lines.push('', 'Asked by', ...block(askedBy(facts.caller), '  ', width));
  const d = facts.decision;
  lines.push('', 'Why it asks', ...block(`decided by ${visible(d.rule)} (${d.source}): ${d.decision}`, '  ', width));
  for (const r of d.reasons) lines.push(...block(visible(r, { lines: 'mark' }), '  - ', width, '    '));
  if (d.subcommands.length > 0) {
    lines.push('', 'Sub-commands');
    d.subcommands.forEach((sub, i) => {
      const via = sub.via.length > 0 ? `  [via ${sub.via.map((v) => visible(v)).join(' › ')}]` : '';
      const head = `  ${i + 1}. `;
      lines.push(...block(`${quoteArgv(sub.argv, { lines: 'mark' })}  → ${sub.verdict}${via}`, head, width, ' '.repeat(head.length)));
      for (const m of sub.matches) lines.push(...block(formatFinding(m), '       ', width));
    });
  }
  if (d.findings.length > 0) {
    lines.push('', 'Other checks');
    for (const f of d.findings) lines.push(...block(formatFinding(f), '  ', width));
  }
  return lines;
}

function commandSection(s: CommandSubject, width: number | undefined): string[] {
  const label = (name: string) => `  ${`${name}:`.padEnd(11)}`;
  const under = ' '.repeat(13);
  return [
    'Command',
    ...block(visible(commandAsRun(s), { lines: 'mark' }), '  ', width),
    '',
    'Runs as',
    ...block(quoteArgv(s.argv, { lines: 'mark' }), label('argv'), width, under),
    ...block(visible(s.cwd, { lines: 'mark' }), label('cwd'), width, under),
    ...block(envText(s.env), label('env'), width, under),
    ...block(timeoutText(s.timeoutMs), label('timeout'), width, under),
    ...block(`${visible(s.containerId.slice(0, 12))} · image ${visible(s.imageId)}`, label('container'), width, under),
  ];
}

/**
 * Visible text (lines split at its real line breaks) laid out under a first-line
 * prefix and a continuation indent, each line wrapped to `width` when given.
 */
export function block(text: string, first: string, width: number | undefined, rest = ' '.repeat(first.length)): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const prefix = i === 0 ? first : rest;
    const pieces = width === undefined ? [line] : wrapLine(line, Math.max(20, width - prefix.length));
    pieces.forEach((piece, j) => out.push(`${j === 0 ? prefix : rest}${piece}`));
  });
  return out;
}

/** One rule or check, as the document shows it. */
export function formatFinding(f: FindingSummary): string {
  const maybe = f.certain === false ? ' (may match once expanded)' : '';
  return `${f.verdict.padEnd(5)} ${visible(f.rule)} (${f.source})${f.pattern ? ` ${visible(f.pattern)}` : ''}${maybe}: ${visible(f.reason, { lines: 'mark' })}`;
}
