import { z } from 'zod';
import { defineTool } from './tool-definition';
import { ARGUMENT_LIMITS, checkedPath, workspacePathArg } from './tool-arguments';

const edit = z.strictObject({
  search: z.string().min(1, 'must not be empty: quote the exact text to replace').max(ARGUMENT_LIMITS.contentChars),
  replace: z.string().max(ARGUMENT_LIMITS.contentChars),
});

const schema = z.strictObject({
  path: workspacePathArg,
  edits: z.array(edit).min(1, 'needs at least one {search, replace} block').max(ARGUMENT_LIMITS.editBlocks, `at most ${ARGUMENT_LIMITS.editBlocks} blocks per call`),
});

/** Arguments of `edit_file`: exact search/replace blocks applied in order (each `search` must occur exactly once). */
export type EditFileArgs = z.output<typeof schema>;

/** Changes a file by exact search/replace blocks. */
export const editFileTool = defineTool({
  name: 'edit_file',
  kind: 'write',
  description: 'Edit a file under /workspace with exact {search, replace} blocks.',
  schema,
  paths: (args) => [checkedPath(args.path)],
});
