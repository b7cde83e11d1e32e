// The short form of a proposal, for surfaces that cannot show it whole (a chat
// card, a notification, a picker, the audit line): the start and the real end,
// and an honest count of what is left out. A surface offers Approve only when
// `whole` — a proposal too long for it is approved from its full document.
import type { Excerpt, LineMode } from '../../core/display';
import { excerpt, visible } from '../../core/display';
import type { ApprovalSubject } from '../approval';
import { commandAsRun } from './proposal-facts';

/** How a summary is cut and shown. */
export interface SummaryOptions {
  /** Most code points of the command or path shown. */
  readonly limit: number;
  /** `mark` for surfaces that show lines (cards), `escape` for one-line ones. Default `escape`. */
  readonly lines?: LineMode;
  /** For VS Code UI strings (notifications, pickers, titles): links and icons neutralised. */
  readonly plain?: boolean;
  /** Most characters of the result. */
  readonly maxLength?: number;
}

/** A summary of what an approval would do: `run …`, `edit …`, `create …`, `delete …`, `read_file …`. */
export function proposalSummary(subject: ApprovalSubject, options: SummaryOptions): Excerpt {
  const show = { limit: options.limit, lines: options.lines ?? 'escape', ...(options.plain ? { plain: true } : {}), ...(options.maxLength ? { maxLength: options.maxLength } : {}) } as const;
  if (subject.kind === 'command') {
    const command = excerpt(commandAsRun(subject), show);
    return { ...command, text: `run ${command.text}` };
  }
  const what = subject.kind === 'read' ? visible(subject.tool, { plain: options.plain ?? false }) : subject.before === null ? 'create' : subject.after === null ? 'delete' : 'edit';
  const path = excerpt(subject.path, show);
  const extra = subject.kind === 'edit' && subject.protectedPath ? ' (protected path)' : '';
  return { ...path, text: `${what} ${path.text}${extra}` };
}
