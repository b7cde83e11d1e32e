import { z } from 'zod';
import { defineTool } from './tool-definition';
import { checkedPath, workspacePathArg } from './tool-arguments';

const schema = z.strictObject({
  path: workspacePathArg,
  offset: z.number().int().min(0).max(100_000_000).optional(),
  limit: z.number().int().min(1).max(10_000_000).optional(),
});

/** Arguments of `read_file`: a file, optionally a window of lines from `offset` (0-based) of `limit` lines. */
export type ReadFileArgs = z.output<typeof schema>;

/** Reads a file in the workspace. */
export const readFileTool = defineTool({
  name: 'read_file',
  kind: 'read',
  description: 'Read a file under /workspace, optionally from line `offset` for `limit` lines.',
  schema,
  paths: (args) => [checkedPath(args.path)],
});
