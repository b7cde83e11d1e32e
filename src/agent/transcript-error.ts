import { ClawdockError } from '../core/errors';

/** A session transcript cannot be read or written: names the file and the line. */
export class TranscriptError extends ClawdockError {
  override name = 'TranscriptError';
}
