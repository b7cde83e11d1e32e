import { realpathSync, statSync } from 'node:fs';
import { SandboxError } from '../core/errors';
import { workspaceKey, workspacePathHash } from '../core/workspace-key';

/** A workspace folder as the sandbox knows it: real path, owner and the names derived from them. */
export interface WorkspaceIdentity {
  readonly realPath: string;
  /** First 12 hex digits of sha256(realPath): stable across symlinked opens of the same folder. */
  readonly hash: string;
  readonly containerName: string;
  readonly uid: number;
  readonly gid: number;
}

/** Resolves a folder into its identity; the container runs as the folder's owner so it can write there and nowhere else. */
export function identifyWorkspace(folder: string): WorkspaceIdentity {
  let realPath: string;
  try {
    realPath = realpathSync(folder);
  } catch (err) {
    throw new SandboxError(`workspace folder ${folder} does not exist`, { cause: err, hint: 'open or pass an existing folder' });
  }
  const st = statSync(realPath);
  if (!st.isDirectory()) throw new SandboxError(`workspace ${folder} is not a folder`);
  return { realPath, hash: workspacePathHash(realPath), containerName: `clawdock-${workspaceKey(realPath)}`, uid: st.uid, gid: st.gid };
}
