import type { WorkspaceFs } from '../sandbox';

/** What an edit review needs from a workspace's files (WorkspaceFs in the extension; a temp folder in tests). */
export interface EditFiles {
  /** sha256 of the file now, or null when it does not exist. */
  sha256(path: string): Promise<string | null>;
  /** Replaces the file, refusing when its hash is no longer `expectedSha256` (null: must not exist). Returns the new hash. */
  write(path: string, content: string, options: { readonly expectedSha256: string | null }): Promise<string>;
  /** Removes the file. */
  remove(path: string): Promise<void>;
  /** Set when writes land in the sandbox's shadow layer, not the real folder. */
  readonly writesTo?: 'sandbox-layer';
}

/**
 * EditFiles over the host-side guard, or over the sandbox's view in a shadow
 * workspace (ContainerFiles: then the approved edit joins the change set).
 * Protected paths are allowed here on purpose: the owner approved this exact
 * change, which is what DESIGN.md asks of writes to protected paths.
 */
export function workspaceEditFiles(fs: Pick<WorkspaceFs, 'read' | 'write' | 'remove'> & { readonly writesTo?: 'sandbox-layer' }): EditFiles {
  return {
    ...(fs.writesTo ? { writesTo: fs.writesTo } : {}),
    async sha256(path) {
      try {
        return (await fs.read(path, { limit: 1 })).sha256;
      } catch (err) {
        if (isMissingFileError(err)) return null;
        throw err;
      }
    },
    async write(path, content, { expectedSha256 }) {
      return (await fs.write(path, content, { expectedSha256, allowProtected: true, createParents: true })).afterSha256;
    },
    async remove(path) {
      await fs.remove(path, { allowProtected: true });
    },
  };
}

// WorkspaceFs names a missing file in its message (its own lookup) or keeps ENOENT as the cause (the open).
/** Whether a WorkspaceFs error says the file (or a folder on its way) does not exist. */
export function isMissingFileError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return (err.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' || /^no such file or directory\b/.test(err.message);
}
