// One rendering of a proposal for every surface (issue 18): the document, the
// chat card, the tool card, notifications, the terminal and the audit line.
export { block, formatFinding, renderProposalBody } from './proposal-document';
export { askedBy, commandAsRun, DEFAULT_TIMEOUT_TEXT, envText, proposalFacts, timeoutText } from './proposal-facts';
export type { Fact, ProposalFacts } from './proposal-facts';
export { proposalSummary } from './proposal-summary';
export type { SummaryOptions } from './proposal-summary';
export { editNotes } from './edit-notes';
export type { EditNotes } from './edit-notes';
