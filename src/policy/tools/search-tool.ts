import { z } from 'zod';
import { defineTool } from './tool-definition';
import { ARGUMENT_LIMITS, checkedPath, workspacePathArg } from './tool-arguments';
import { WORKSPACE_ROOT } from './workspace-path';

const schema = z.strictObject({
  pattern: z.string().min(1, 'must not be empty').max(ARGUMENT_LIMITS.patternChars, `must be at most ${ARGUMENT_LIMITS.patternChars} characters`),
  path: workspacePathArg.optional(),
  glob: z.string().min(1).max(ARGUMENT_LIMITS.globChars, `must be at most ${ARGUMENT_LIMITS.globChars} characters`).optional(),
});

/** Arguments of `search`: a regular expression searched under `path` (default /workspace), files filtered by `glob`. */
export type SearchArgs = z.output<typeof schema>;

/** Searches file contents in the workspace. */
export const searchTool = defineTool({
  name: 'search',
  kind: 'read',
  description: 'Search file contents under /workspace (or `path`) for a regular expression, optionally only files matching `glob`.',
  schema,
  paths: (args) => [checkedPath(args.path ?? WORKSPACE_ROOT)],
});
