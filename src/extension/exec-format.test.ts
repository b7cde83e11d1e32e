import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExecResult } from '../sandbox';
import { cleanTerminalText, formatCommandFooter, formatCommandHeader, formatDuration } from './exec-format';

const ok: ExecResult = { exitCode: 0, signal: null, stdout: '', stderr: '', durationMs: 12, timedOut: false, truncated: false, cancelled: false, oomKilled: false };
const settings = { defaultTimeoutSeconds: 120 };

describe('the output of a command run from the palette', () => {
  it('starts with the folder, the time and a `$` prompt', () => {
    const header = formatCommandHeader('ls -la', 'app', new Date(2025, 0, 1, 14, 2, 3));
    assert.match(header, /^# app · .+\n\$ ls -la\n$/);
  });

  it('shows continuation lines of a multi-line command with a `>` prompt', () => {
    assert.match(formatCommandHeader('for i in 1 2\ndo echo $i; done', 'app'), /\n\$ for i in 1 2\n> do echo \$i; done\n$/);
  });

  it('shows a bidirectional override in the command instead of rendering it', () => {
    assert.match(formatCommandHeader('echo \u202Eevil', 'app'), /\$ echo \\u\{202E\}evil/);
  });

  it('ends a normal run with the exit code and duration only', () => {
    assert.equal(formatCommandFooter(ok, settings), '[exit 0 · 12 ms]\n');
  });

  it('says a command timed out and which setting raises the limit', () => {
    const footer = formatCommandFooter({ ...ok, exitCode: 137, signal: 9, timedOut: true, durationMs: 120_004 }, settings);
    assert.equal(footer, '[exit 137 (signal 9) · 2 min 00 s · timed out after 120 s — raise clawdock.sandbox.defaultTimeoutSeconds]\n');
  });

  it('flags truncated output, cancellation and memory kills', () => {
    const footer = formatCommandFooter({ ...ok, exitCode: 137, truncated: true, cancelled: true, oomKilled: true }, settings);
    assert.match(footer, /cancelled · out of memory — raise clawdock\.sandbox\.memoryMb · output truncated — raise clawdock\.sandbox\.outputCapBytes\]/);
  });
});

describe('durations', () => {
  it('reads in ms, seconds, then minutes', () => {
    assert.deepEqual([formatDuration(999), formatDuration(1234), formatDuration(61_000)], ['999 ms', '1.2 s', '1 min 01 s']);
  });
});

describe('terminal output in an Output channel', () => {
  it('drops colour escapes and OSC titles', () => {
    assert.equal(cleanTerminalText('\x1b[31mred\x1b[0m \x1b]0;title\x07done'), 'red done');
  });

  it('turns carriage returns of progress bars into newlines', () => {
    assert.equal(cleanTerminalText('10%\r20%\r\nend'), '10%\n20%\nend');
  });

  it('keeps tabs and newlines but makes other controls visible', () => {
    assert.equal(cleanTerminalText('a\tb\n\x07\u200b'), 'a\tb\n\\u{0007}\\u{200B}');
  });
});
