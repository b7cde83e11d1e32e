// The CLI run in the test's own process, as `dist/cli.js` runs it (same
// `runCli`, same exit codes), with its output collected.
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';

/** Runs `clawdock ARGV` with `env`; standard input is empty and not a terminal. */
export async function cli(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t.toString()), stderr: (t) => void (stderr += t.toString()), stdin: new PassThrough(), env, cwd: process.cwd() };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
