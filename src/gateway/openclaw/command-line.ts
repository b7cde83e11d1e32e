// What an OpenClaw `system.run` argv becomes here: one bash command line, which
// the policy analyses and the sandbox runs as `bash -c LINE` — the way every
// Clawdock command runs, so what was decided is what runs. The gateway's exec
// tool wraps the model's command in `/bin/sh -lc CMD`; that wrapper is
// unwrapped (the script is analysed with bash's grammar and run by bash, never
// by dash, whose reading of the same string differs), any other argv is quoted
// word by word.
import { posix } from 'node:path';
import { resolveWorkspacePath, WORKSPACE_ROOT } from '../../policy';

const SHELLS = new Set(['sh', 'bash', 'dash']);
const SCRIPT_FLAGS = new Set(['-c', '-lc']);

/** The command line an argv runs as, or why it cannot be taken. */
export type CommandLineResult = { readonly ok: true; readonly line: string } | { readonly ok: false; readonly reason: string };

/** One word quoted for bash (single quotes; a quote inside becomes '\''). */
export function quoteWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The line for `argv`. `rawCommand` is how the caller displayed the command;
 * when it is given it must be the line itself, or what is shown would not be
 * what runs.
 */
export function commandLineOf(argv: readonly string[], rawCommand?: string | null): CommandLineResult {
  const [program = '', flag = '', script] = argv;
  const wrapped = argv.length === 3 && SHELLS.has(posix.basename(program)) && SCRIPT_FLAGS.has(flag) && script !== undefined;
  const line = wrapped ? script : argv.map(quoteWord).join(' ');
  if (line.trim() === '') return { ok: false, reason: 'the command is empty' };
  if (rawCommand !== undefined && rawCommand !== null && rawCommand.trim() !== '' && rawCommand.trim() !== line.trim()) {
    return { ok: false, reason: 'rawCommand does not match the command it describes; what is shown must be what runs' };
  }
  return { ok: true, line };
}

/** The container working directory: absent means /workspace; anything outside /workspace is refused. */
export function containerCwdOf(cwd: string | null | undefined): { ok: true; cwd: string } | { ok: false; reason: string } {
  if (cwd === undefined || cwd === null || cwd.trim() === '') return { ok: true, cwd: WORKSPACE_ROOT };
  const resolved = resolveWorkspacePath(cwd);
  if (!resolved.ok) return { ok: false, reason: `cwd: ${resolved.reason} (this node runs commands in the workspace's sandbox, mounted at ${WORKSPACE_ROOT})` };
  return { ok: true, cwd: resolved.path.absolute };
}
