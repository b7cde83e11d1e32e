import { z } from 'zod';
import { MAX_PATH_LENGTH, resolveWorkspacePath } from './workspace-path';
import type { WorkspacePath } from './workspace-path';

/** Caps on argument sizes: a bigger argument rejects the call (a model looping on output, or an attack on the parser). */
export const ARGUMENT_LIMITS = {
  commandChars: 32 * 1024,
  contentChars: 2 * 1024 * 1024,
  editBlocks: 200,
  patternChars: 4096,
  globChars: 1024,
  timeoutMs: 60 * 60 * 1000,
} as const;

/**
 * A path argument: relative to /workspace or absolute under it. Parses to the
 * normalised absolute path, so what runs is what was checked.
 */
export const workspacePathArg = z
  .string()
  .max(MAX_PATH_LENGTH, `must be at most ${MAX_PATH_LENGTH} characters`)
  .transform((raw, ctx) => {
    const result = resolveWorkspacePath(raw);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.reason });
      return z.NEVER;
    }
    return result.path.absolute;
  });

/** The WorkspacePath of a path that already passed `workspacePathArg`. */
export function checkedPath(absolute: string): WorkspacePath {
  const result = resolveWorkspacePath(absolute);
  // The schema already accepted it, so this cannot fail; keep the type honest anyway.
  if (!result.ok) throw new Error(`internal: path passed the schema but not the resolver: ${absolute}`);
  return result.path;
}
