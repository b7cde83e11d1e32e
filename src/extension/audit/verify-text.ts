// What Verify Audit Log tells the person. Plain Node, tested beside.
import { basename } from 'node:path';
import type { ChainBreakReason, VerifyResult } from '../../audit';

/** The message for a verify result, and where to look when the chain breaks. */
export interface VerifyMessage {
  readonly ok: boolean;
  readonly text: string;
  /** The file and 1-based line to open, when there is one. */
  readonly open?: { readonly file: string; readonly line: number };
}

const REASONS: Record<ChainBreakReason, string> = {
  edited: 'a line was edited',
  deleted: 'a line was deleted',
  reordered: 'lines were reordered',
  duplicated: 'a line was duplicated',
  truncated: 'the log was cut short',
  'missing-day-file': 'a day file is missing',
  unparseable: 'a line is not an audit entry',
};

/** "1,234 lines" with the right plural. */
function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Words for a verify result of the log of `folder`; `anchored` says whether the head kept outside the log was checked. */
export function describeVerify(folder: string, result: VerifyResult, anchored: boolean): VerifyMessage {
  if (result.ok) {
    if (result.lines === 0) return { ok: true, text: `The audit log of ${folder} is empty: nothing has been recorded yet.` };
    const head = anchored ? ' and ends at the last line Clawdock wrote' : '';
    return { ok: true, text: `The audit log of ${folder} is intact: ${count(result.lines, 'line')} in ${count(result.files, 'day file')}; the hash chain holds${head}.` };
  }
  const b = result.break;
  const where = b.file ? `${basename(b.file)} line ${b.line}` : 'the log';
  return {
    ok: false,
    text: `The audit log of ${folder} has been tampered with or damaged at ${where}: ${REASONS[b.reason]} (${b.detail}).`,
    ...(b.file ? { open: { file: b.file, line: b.line } } : {}),
  };
}
