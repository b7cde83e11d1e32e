// The window's one Redactor, rebuilt when `clawdock.redaction.*` changes, with
// the exact values of every secret Clawdock holds. Plain Node, tested beside.
import { Redactor, redactorOptions, type RedactionSettings } from '../../audit';

/**
 * Holds the current Redactor. The secret values it was told of are kept, so a
 * rebuilt Redactor masks them too; a revoked or cleared secret stays masked
 * until the window reloads, because its value may still sit in output already
 * produced (a file a command wrote, a scrollback).
 */
export class SharedRedactor {
  private redactor: Redactor;
  private readonly values = new Set<string>();

  constructor(settings: RedactionSettings) {
    this.redactor = new Redactor(redactorOptions(settings));
  }

  /** The Redactor to use now; do not keep it across a settings change. */
  get current(): Redactor {
    return this.redactor;
  }

  /** Masks this exact value from now on, in this Redactor and every rebuilt one. */
  addSecretValue(value: string): void {
    if (this.values.has(value)) return;
    this.values.add(value);
    this.redactor.addSecretValue(value);
  }

  /** Builds a new Redactor for changed settings, keeping the known values. */
  rebuild(settings: RedactionSettings): Redactor {
    this.redactor = new Redactor({ ...redactorOptions(settings), secretValues: [...this.values] });
    return this.redactor;
  }

  /** Synchronous redaction with the current Redactor (log lines, headers). */
  redact(text: string): string {
    return this.redactor.redact(text);
  }
}
