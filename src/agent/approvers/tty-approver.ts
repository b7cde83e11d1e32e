// `--approve ask`: each approval is a question on the terminal. Refuses to
// start without a TTY, so a script never hangs on a prompt nobody sees.
import { createInterface } from 'node:readline';
import { createPatch } from 'diff';
import { ClawdockError } from '../../core/errors';
import { visible } from '../../policy';
import type { ApprovalRequest } from '../approver';
import { describeSubject } from './describe-subject';
import type { ApprovalDecider } from './recording-approver';

/** The terminal the prompt uses. */
export interface PromptTerminal {
  readonly input: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly output: NodeJS.WritableStream;
}

/** A decider that asks on the terminal; throws when input is not a TTY. */
export function ttyDecider(terminal: PromptTerminal): ApprovalDecider {
  if (!terminal.input.isTTY) {
    throw new ClawdockError('--approve ask needs a terminal to ask on, and standard input is not one', { hint: 'use --approve deny or --approve allow-sandboxed in scripts' });
  }
  return (request, signal) => new Promise((resolve) => {
    terminal.output.write(formatRequest(request));
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

const PREVIEW_LINES = 60;

function formatRequest(request: ApprovalRequest): string {
  const lines = ['', `── approval needed: ${describeSubject(request.subject)}`];
  for (const reason of request.decision.reasons) lines.push(`   why: ${visible(reason)}`);
  if (request.taint) lines.push(`   note: ${visible(request.taint)}`);
  const s = request.subject;
  if (s.kind === 'edit') {
    const patch = createPatch(s.path, s.before ?? '', s.after).split('\n').slice(4);
    lines.push(...patch.slice(0, PREVIEW_LINES).map((l) => `   ${visible(l)}`));
    if (patch.length > PREVIEW_LINES) lines.push(`   … ${patch.length - PREVIEW_LINES} more diff lines`);
  }
  return `${lines.join('\n')}\n`;
}
