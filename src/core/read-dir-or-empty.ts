import { readdir } from 'node:fs/promises';

/** The names in a folder; a folder that does not exist yet is empty. Other errors propagate. */
export async function readDirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
