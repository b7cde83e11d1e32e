// The task text of "Ask About Selection": the question, where the code is, and
// the code itself in a fence the code cannot close. Plain Node, tested beside.

/** A selection and what is asked about it. */
export interface SelectionQuestion {
  readonly question: string;
  /** Workspace-relative path (or absolute outside the workspace). */
  readonly path: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly languageId: string;
  readonly text: string;
  readonly maxChars: number;
}

/** The task for the agent. */
export function selectionTask(q: SelectionQuestion): string {
  const cut = q.text.length > q.maxChars;
  const code = cut ? q.text.slice(0, q.maxChars) : q.text;
  // A fence longer than any run of backticks in the code, so the code cannot end it early.
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const lines = q.startLine === q.endLine ? `line ${q.startLine}` : `lines ${q.startLine}–${q.endLine}`;
  const lang = /^[\w+-]{1,30}$/.test(q.languageId) ? q.languageId : '';
  return `${q.question.trim()}\n\nSelected code from \`${q.path}\`, ${lines}${cut ? ` (first ${q.maxChars} characters)` : ''}:\n\n${fence}${lang}\n${code}\n${fence}`;
}
