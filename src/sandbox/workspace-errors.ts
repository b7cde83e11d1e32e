// How a failed workspace file operation is told to the agent.
import { ClawdockError, SandboxError } from '../core/errors';
import { errorCode } from './workspace-path';

// Node's own errors name host paths and errno codes; the agent should see
// what failed in /workspace terms, with the original kept as the cause.
/** Runs `body`; an error that is not already a ClawdockError comes out as a SandboxError naming `action` and `requested`. */
export async function explainErrors<T>(action: string, requested: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ClawdockError) throw error;
    const code = errorCode(error);
    const what = (code && ERRNO_TEXT[code]) ?? code ?? 'unexpected error';
    throw new SandboxError(`cannot ${action} ${JSON.stringify(requested)}: ${what}`, { cause: error });
  }
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory (it may have just been removed or renamed)',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'a name is too long',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files',
  EINVAL: 'the path changed during the operation',
};
