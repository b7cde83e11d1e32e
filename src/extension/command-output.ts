import { StringDecoder } from 'node:string_decoder';
import * as vscode from 'vscode';
import type { ExecResult, SandboxSettings } from '../sandbox';
import { cleanTerminalText, formatCommandFooter, formatCommandHeader } from './exec-format';

/** One command's share of the Output channel: streamed stdout/stderr, then a footer. */
export interface CommandTranscript {
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
  /** Writes the footer with exit code, duration and flags. */
  finish(result: ExecResult, settings: Pick<SandboxSettings, 'defaultTimeoutSeconds'>): void;
  /** Writes why the command did not run or finish. */
  fail(message: string): void;
}

/**
 * The "Clawdock Sandbox" Output channel, read like a terminal: a `$ cmd` header,
 * the output as it streams, and a footer. Decoders are kept per stream so a
 * UTF-8 character split between two chunks still comes out whole.
 */
export class CommandOutput implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Clawdock Sandbox');
  private started = false;

  /** `redact` masks secrets in the header and failure lines; the streamed output comes redacted (auditedExec). */
  constructor(private readonly redact: (text: string) => string = (text) => text) {}

  /** Starts a transcript for `line` run in `where` and brings the channel into view without taking focus. */
  begin(line: string, where: string): CommandTranscript {
    this.channel.show(true);
    this.channel.append(`${this.started ? '\n' : ''}${formatCommandHeader(this.redact(line), where)}`);
    this.started = true;
    const out = new StringDecoder('utf8');
    const err = new StringDecoder('utf8');
    let endsWithNewline = true;
    const write = (text: string) => {
      if (text === '') return;
      const clean = cleanTerminalText(text);
      this.channel.append(clean);
      endsWithNewline = clean.endsWith('\n');
    };
    const flush = () => {
      write(out.end() + err.end());
      if (!endsWithNewline) this.channel.append('\n');
    };
    return {
      stdout: (chunk) => write(out.write(chunk)),
      stderr: (chunk) => write(err.write(chunk)),
      finish: (result, settings) => {
        flush();
        this.channel.append(formatCommandFooter(result, settings));
      },
      fail: (message) => {
        flush();
        this.channel.append(`[failed: ${this.redact(message)}]\n`);
      },
    };
  }

  dispose(): void {
    this.channel.dispose();
  }
}
