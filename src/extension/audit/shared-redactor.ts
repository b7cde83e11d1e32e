// The window's one Redactor, rebuilt inside when `clawdock.redaction.*` changes,
// knowing the exact values of every secret Clawdock holds. Plain Node, tested beside.
import { Redactor, redactorOptions, type RedactionSettings } from '../../audit';
import type { Disposable } from '../../core/disposable';
import type { StreamRedactor, StreamRedactorOptions } from '../../audit';

/**
 * A Redactor that stays the same object while the settings change: it forwards
 * to a Redactor built from the current settings. Audit logs and commands in
 * flight hold it, so none has to be reopened or restarted after a change.
 * The secret values it was told of carry over to every rebuild; a revoked or
 * cleared secret stays masked until the window reloads, because its value may
 * still sit in output already produced (a file a command wrote, scrollback).
 */
export class SharedRedactor extends Redactor {
  private inner: Redactor;
  private readonly values = new Set<string>();
  private hosts: Parameters<Redactor['setSecretHosts']>[0] = () => undefined;

  constructor(settings: RedactionSettings) {
    super({ secretlint: false });
    this.inner = new Redactor(redactorOptions(settings));
  }

  /** This Redactor (kept for callers written against an earlier shape); safe to hold across settings changes. */
  get current(): Redactor {
    return this;
  }

  /** Builds the inner Redactor for changed settings, keeping the known values. */
  rebuild(settings: RedactionSettings): void {
    this.inner = new Redactor({ ...redactorOptions(settings), secretValues: [...this.values] });
    this.inner.setSecretHosts(this.hosts);
  }

  /** Where bound secrets' hosts are found, in this and every rebuilt Redactor. */
  override setSecretHosts(lookup: Parameters<Redactor['setSecretHosts']>[0]): void {
    this.hosts = lookup;
    this.inner.setSecretHosts(lookup);
  }

  /** Masks this exact value from now on, in this and every rebuilt Redactor (see the class comment on revoking). */
  override addSecretValue(value: string): Disposable {
    if (!this.values.has(value)) {
      this.values.add(value);
      this.inner.addSecretValue(value);
    }
    return { dispose: () => undefined };
  }

  override findSecrets(text: string, context?: string): ReturnType<Redactor['findSecrets']> {
    return this.inner.findSecrets(text, context);
  }

  override redact(text: string): string {
    return this.inner.redact(text);
  }

  override redactAsync(text: string): Promise<string> {
    return this.inner.redactAsync(text);
  }

  override redactValue<T>(value: T): T {
    return this.inner.redactValue(value);
  }

  override redactValueAsync<T>(value: T): Promise<T> {
    return this.inner.redactValueAsync(value);
  }

  override createStreamRedactor(options?: StreamRedactorOptions): StreamRedactor {
    return this.inner.createStreamRedactor(options);
  }
}
