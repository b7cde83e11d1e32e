import { z } from 'zod';
import { defineTool } from './tool-definition';
import { checkedPath, workspacePathArg } from './tool-arguments';
import { WORKSPACE_ROOT } from './workspace-path';

const schema = z.strictObject({
  path: workspacePathArg.optional(),
  recursive: z.boolean().optional(),
});

/** Arguments of `list_files`: a directory (default /workspace), optionally recursive. */
export type ListFilesArgs = z.output<typeof schema>;

/** Lists a directory in the workspace. */
export const listFilesTool = defineTool({
  name: 'list_files',
  kind: 'read',
  description: 'List a directory under /workspace (default the root), optionally recursively.',
  schema,
  paths: (args) => [checkedPath(args.path ?? WORKSPACE_ROOT)],
});
