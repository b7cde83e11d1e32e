// What a command proposal document says: its heading and status, then the one
// rendering of a proposal every surface shares (src/approvals/render): the
// whole command, every character visible (newlines end in ⏎, hidden characters
// escaped), wrapped, never cut — the document is where a long proposal is approved.
// Plain Node so it is tested without VS Code.
import type { ApprovalItem, ApprovalOutcome } from '../../approvals';
import { renderProposalBody } from '../../approvals';
import { visible } from '../../core/display';

/** The first line of every command proposal; e2e tests look for it. */
export const COMMAND_PROPOSAL_HEADING = 'Clawdock wants to run a command';

/** The proposal document of a command item, as of `now`. */
export function renderCommandProposal(item: ApprovalItem, now: number): string {
  const lines = [
    `${COMMAND_PROPOSAL_HEADING} — approval ${item.id}`,
    `Status: ${describeStatus(item, now)}${item.restored ? ' — restored after a reload; runs here once approved' : ''}`,
    '',
    ...renderProposalBody(item),
    '',
    `Binding: ${item.binding}`,
    'Approving runs exactly the argv above in that container;',
    'if the container or image changes first, nothing runs.',
  ];
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
