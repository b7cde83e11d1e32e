// Replacing a file inside a held directory: what is there now (its hash, to
// refuse an edit made against an older read, and its mode, to keep it), and
// the atomic swap itself: a temp file created with O_EXCL|O_NOFOLLOW in the
// same held directory, then a rename through that same handle, so a parent
// swapped for a symlink mid-way cannot redirect the write.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { rename, unlink } from 'node:fs/promises';
import { OPEN_FILE, requireRegularFile } from './workspace-guard';
import type { HeldDir, WorkspaceGuard } from './workspace-guard';
import { errorCode } from './workspace-path';
import { hashFile } from './workspace-text';

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;

/** The file a write is about to replace. */
export interface WriteTarget {
  /** sha256 (hex) of its content. */
  sha256: string;
  /** Its permission bits. */
  mode: number;
}

/** The file a write will replace: its hash and mode, or null when absent. */
export async function describeWriteTarget(
  guard: WorkspaceGuard,
  requested: string,
  dir: HeldDir,
  name: string,
): Promise<WriteTarget | null> {
  let file: FileHandle;
  try {
    file = await guard.openIn(requested, dir, name, OPEN_FILE);
  } catch (error) {
    if (errorCode((error as Error).cause) === 'ENOENT') return null;
    throw error;
  }
  try {
    const stats = await requireRegularFile(file, dir.rel(name));
    return { sha256: (await hashFile(file)).sha256, mode: stats.mode & 0o777 };
  } finally {
    await file.close();
  }
}

/** Puts `data` at `name` in `dir` atomically, with permission bits `mode` (null: a new file's default). */
export async function replaceFileIn(
  guard: WorkspaceGuard,
  requested: string,
  dir: HeldDir,
  name: string,
  data: Buffer,
  mode: number | null,
): Promise<void> {
  const temp = `.${name.slice(0, 64)}.clawdock-${randomBytes(6).toString('hex')}.tmp`;
  const file = await guard.openIn(requested, dir, temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode ?? 0o666);
  let renamed = false;
  try {
    await file.writeFile(data);
    // The umask may have narrowed the mode we asked for; keep the original's.
    if (mode !== null) await file.chmod(mode);
    await file.datasync();
    await rename(dir.child(temp), dir.child(name));
    renamed = true;
  } finally {
    await file.close();
    if (!renamed) await unlink(dir.child(temp)).catch(() => undefined);
  }
}
