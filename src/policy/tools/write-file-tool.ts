import { z } from 'zod';
import { defineTool } from './tool-definition';
import { ARGUMENT_LIMITS, checkedPath, workspacePathArg } from './tool-arguments';

const schema = z.strictObject({
  path: workspacePathArg,
  content: z.string().max(ARGUMENT_LIMITS.contentChars, `must be at most ${ARGUMENT_LIMITS.contentChars} characters`),
});

/** Arguments of `write_file`: the whole new content of a file. */
export type WriteFileArgs = z.output<typeof schema>;

/** Creates or replaces a file in the workspace. */
export const writeFileTool = defineTool({
  name: 'write_file',
  kind: 'write',
  description: 'Create or replace a file under /workspace with `content`.',
  schema,
  paths: (args) => [checkedPath(args.path)],
});
