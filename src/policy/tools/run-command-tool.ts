import { z } from 'zod';
import { defineTool } from './tool-definition';
import { ARGUMENT_LIMITS, checkedPath, workspacePathArg } from './tool-arguments';
import { WORKSPACE_ROOT } from './workspace-path';

const schema = z.strictObject({
  command: z.string().min(1, 'must not be empty').max(ARGUMENT_LIMITS.commandChars, `must be at most ${ARGUMENT_LIMITS.commandChars} characters`),
  cwd: workspacePathArg.optional(),
  timeoutMs: z.number().int('must be a whole number of milliseconds').min(1).max(ARGUMENT_LIMITS.timeoutMs).optional(),
});

/** Arguments of `run_command`: a bash command line, run in `cwd` (default /workspace). */
export type RunCommandArgs = z.output<typeof schema>;

/** Runs a bash command line in the sandbox. */
export const runCommandTool = defineTool({
  name: 'run_command',
  kind: 'exec',
  description: 'Run a bash command line in the sandbox, in /workspace or cwd.',
  schema,
  paths: (args) => [checkedPath(args.cwd ?? WORKSPACE_ROOT)],
});
