// Tool results on their way back to the model: redacted by the one redactor,
// then capped, so neither a secret nor a flood of output reaches the context.
import type { ExecResult } from '../sandbox';

/** Default most characters of one tool result the model sees. */
export const DEFAULT_RESULT_CHARS = 20_000;

/** Keeps the head and the tail of a long text (errors tend to be at the end) with a marker between. */
export function capText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const head = Math.floor(maxChars * 0.6);
  const tail = maxChars - head;
  return `${text.slice(0, head)}\n[… ${text.length - maxChars} characters cut to fit the tool-result limit …]\n${text.slice(text.length - tail)}`;
}

/** A command's result as the model reads it. */
export function formatExecResult(result: ExecResult): string {
  const head = result.cancelled
    ? 'cancelled by the person before it finished'
    : result.timedOut
      ? `timed out after ${(result.durationMs / 1000).toFixed(1)} s and was killed with its process group`
      : result.oomKilled
        ? 'killed: the sandbox ran out of memory'
        : `exit code ${result.exitCode}${result.signal !== null ? ` (signal ${result.signal})` : ''}`;
  const parts = [`${head} (${(result.durationMs / 1000).toFixed(2)} s)`];
  if (result.stdout !== '') parts.push(`--- stdout ---\n${result.stdout}`);
  if (result.stderr !== '') parts.push(`--- stderr ---\n${result.stderr}`);
  if (result.stdout === '' && result.stderr === '') parts.push('(no output)');
  if (result.truncated) parts.push('[output past the sandbox capture limit was dropped]');
  if (result.networkRefusals?.length) parts.push(`--- network ---\n${result.networkRefusals.join('\n')}`);
  return parts.join('\n');
}

/** A one-line, control-character-free summary of some text, for events and audit excerpts. */
export function oneLine(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
