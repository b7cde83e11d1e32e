// `--approve ask`: each approval is a question on the terminal. Refuses to
// start without a TTY, so a script never hangs on a prompt nobody sees.
import { createInterface } from 'node:readline';
import { createPatch } from 'diff';
import { renderProposalBody, summarizeRequest } from '../../approvals';
import { visible } from '../../core/display';
import { ClawdockError } from '../../core/errors';
import type { ApprovalRequest } from '../approver';
import type { ApprovalDecider } from './recording-approver';

/** The terminal the prompt uses. */
export interface PromptTerminal {
  readonly input: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly output: NodeJS.WritableStream & { readonly columns?: number };
}

/** A decider that asks on the terminal; throws when input is not a TTY. */
export function ttyDecider(terminal: PromptTerminal): ApprovalDecider {
  if (!terminal.input.isTTY) {
    throw new ClawdockError('--approve ask needs a terminal to ask on, and standard input is not one', { hint: 'use --approve deny or --approve allow-sandboxed in scripts' });
  }
  return (request, signal) => new Promise((resolve) => {
    terminal.output.write(formatRequest(request, terminal.output.columns));
    const rl = createInterface({ input: terminal.input, output: terminal.output, terminal: false });
    const done = (answer: Awaited<ReturnType<ApprovalDecider>>) => {
      signal.removeEventListener('abort', onAbort);
      rl.close();
      resolve(answer);
    };
    const onAbort = () => done(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    rl.question('Approve? [y/N] (or type a reason to reject) ', (line) => {
      const text = line.trim();
      if (/^(y|yes)$/i.test(text)) done({ verdict: 'approve' });
      else done({ verdict: 'reject', ...(text && !/^(n|no)$/i.test(text) ? { note: text } : {}) });
    });
  });
}

/**
 * The question as the terminal shows it: the whole proposal, as the editor's
 * proposal document has it (every character visible, wrapped to the terminal,
 * never cut), and for an edit its whole diff: Approve is asked only of what was shown.
 */
export function formatRequest(request: ApprovalRequest, columns = 100): string {
  const width = Math.max(40, Math.min(columns, 160) - 1);
  const lines = ['', '── approval needed ──', ...renderProposalBody({ subject: request.subject, caller: request.caller, decision: summarizeRequest(request) }, width)];
  const s = request.subject;
  if (s.kind === 'edit') {
    lines.push('', 'Diff');
    const patch = createPatch(s.path, s.before ?? '', s.after).split('\n').slice(4);
    lines.push(...patch.map((l) => `  ${visible(l)}`));
  }
  return `${lines.join('\n')}\n`;
}
