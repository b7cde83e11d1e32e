import type { Disposable } from '../../core/disposable';
import type { SecretMatch } from './redaction-rule';
import { genericKeep } from './mask';

/** Shorter values would be masked all over ordinary output; they are refused (see addSecretValue). */
export const MIN_KNOWN_SECRET_LENGTH = 4;

/**
 * The exact values of the secrets Clawdock holds (model keys, gateway tokens,
 * granted secrets), with the encodings they commonly show up in: JSON-escaped,
 * URL-encoded, base64. Matching is plain `indexOf`, so any number of values
 * costs little on hot streams.
 */
export class KnownSecrets {
  private readonly counts = new Map<string, number>();
  private variants: string[] = [];

  /** Adds a value; returns a handle that forgets it again (the secret was revoked). */
  add(value: string): Disposable {
    if (value.length < MIN_KNOWN_SECRET_LENGTH) return { dispose() {} };
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
    this.rebuild();
    let disposed = false;
    return {
      dispose: () => {
        if (disposed) return;
        disposed = true;
        const n = (this.counts.get(value) ?? 1) - 1;
        if (n <= 0) this.counts.delete(value);
        else this.counts.set(value, n);
        this.rebuild();
      },
    };
  }

  get size(): number {
    return this.counts.size;
  }

  /** The longest variant, which bounds how much a stream must carry over to catch a split value. */
  get longest(): number {
    return this.variants.reduce((max, v) => Math.max(max, v.length), 0);
  }

  find(text: string, out: SecretMatch[]): void {
    for (const variant of this.variants) {
      let at = text.indexOf(variant);
      while (at !== -1) {
        out.push({ start: at, end: at + variant.length, ruleId: 'known-secret', keep: genericKeep(variant) });
        at = text.indexOf(variant, at + variant.length);
      }
    }
  }

  private rebuild(): void {
    const all = new Set<string>();
    for (const value of this.counts.keys()) {
      all.add(value);
      // A multi-line value (a key file granted as a secret) would otherwise leak line by line
      // from a stream, which is cut between lines: each longer line is a secret on its own.
      if (value.includes('\n')) for (const line of value.split(/\r?\n/)) if (line.trim().length >= 8) all.add(line.trim());
      all.add(JSON.stringify(value).slice(1, -1));
      all.add(encodeURIComponent(value));
      const b64 = Buffer.from(value, 'utf8').toString('base64');
      all.add(b64.replace(/=+$/, ''));
      all.add(b64.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
    }
    // Longest first, so a value that contains another is masked whole.
    this.variants = [...all].filter((v) => v.length >= MIN_KNOWN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  }
}
