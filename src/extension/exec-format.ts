// How a command run from the palette reads in the "Clawdock Sandbox" Output
// channel: like a terminal session. Plain Node so it is tested without VS Code.
import { visible } from '../core/display';
import type { ExecResult } from '../sandbox';

/** The `$ cmd` header written before a command's output; continuation lines read like bash's `>` prompt. */
export function formatCommandHeader(line: string, where: string, at: Date = new Date()): string {
  const [first = '', ...rest] = makeControlsVisible(line).split('\n');
  const prompt = [`$ ${first}`, ...rest.map((l) => `> ${l}`)].join('\n');
  return `# ${where} · ${at.toLocaleTimeString()}\n${prompt}\n`;
}

/** The footer after a command: exit code, duration and every flag that explains an unusual end, naming the setting to change. */
export function formatCommandFooter(result: ExecResult, settings: { readonly defaultTimeoutSeconds: number }): string {
  const parts = [result.signal !== null ? `exit ${result.exitCode} (signal ${result.signal})` : `exit ${result.exitCode}`, formatDuration(result.durationMs)];
  if (result.timedOut) parts.push(`timed out after ${settings.defaultTimeoutSeconds} s — raise clawdock.sandbox.defaultTimeoutSeconds`);
  if (result.cancelled) parts.push('cancelled');
  if (result.oomKilled) parts.push('out of memory — raise clawdock.sandbox.memoryMb');
  if (result.truncated) parts.push('output truncated — raise clawdock.sandbox.outputCapBytes');
  return `[${parts.join(' · ')}]\n`;
}

/** `12 ms`, `1.2 s`, `2 min 03 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

// CSI, OSC (ended by BEL or ST) and two-byte escapes. An Output channel does not
// render them, and raw they are noise at best and a way to hide text at worst.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ANSI_ESCAPE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
/** Makes control, zero-width and bidirectional characters visible (the one sanitiser), tabs and newlines kept. */
export function makeControlsVisible(text: string): string {
  return visible(text, { lines: 'keep' });
}

/**
 * Turns a chunk of terminal output into text an Output channel shows faithfully:
 * ANSI escapes dropped, `\r\n` and lone `\r` (progress bars) as newlines, other
 * invisible characters made visible. An escape split across two chunks may leak
 * through as visible text, which is safe.
 */
export function cleanTerminalText(chunk: string): string {
  return makeControlsVisible(chunk.replace(ANSI_ESCAPE, '').replace(/\r\n?/g, '\n'));
}
