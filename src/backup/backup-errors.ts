import { ClawdockError } from '../core/errors';

/** An archive that is not exactly what a backup wrote: cut short, changed, or not one at all. Nothing was restored from it. */
export class BackupFormatError extends ClawdockError {
  override name = 'BackupFormatError';

  constructor(readonly file: string, detail: string) {
    super(`${file} was not restored: ${detail}`, { hint: 'nothing was written; use an intact copy of the backup' });
  }
}
