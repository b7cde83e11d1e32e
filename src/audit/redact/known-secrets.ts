import type { Disposable } from '../../core/disposable';
import type { SecretMatch } from './redaction-rule';
import { genericKeep } from './mask';
import { SecretWindows, seenLength, WINDOW } from './secret-windows';

/** True when a value has enough letters and digits for the window match. */
function windowed(value: string): boolean {
  return seenLength(value) >= WINDOW;
}

/** Shorter values would be masked all over ordinary output; they are refused (see addSecretValue). */
export const MIN_KNOWN_SECRET_LENGTH = 4;

/**
 * The exact values of the secrets Clawdock holds (model keys, gateway tokens,
 * granted secrets), found two ways. Exactly, with the encodings they commonly
 * show up in (JSON-escaped, URL-encoded, base64, reversed, hex), by plain
 * `indexOf`, so any number of values costs little on hot streams. And, for
 * values of 12 characters or more, any 12 of their characters in a row in
 * any of those forms, in any case, however spaced out (SecretWindows).
 * Only the value itself keeps its first characters visible in the mask; a
 * re-encoding or a piece of it shows nothing, so no set of masks adds up to
 * the value.
 */
export class KnownSecrets {
  private readonly counts = new Map<string, number>();
  private variants: { readonly text: string; readonly keep: number }[] = [];
  private readonly windows = new SecretWindows();

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
    return this.variants.reduce((max, v) => Math.max(max, v.text.length), 0);
  }

  /** Pushes every known value found in `text`; `context` is what came just before it in a stream (see SecretWindows.find). */
  find(text: string, out: SecretMatch[], context = ''): void {
    for (const variant of this.variants) {
      let at = text.indexOf(variant.text);
      while (at !== -1) {
        out.push({ start: at, end: at + variant.text.length, ruleId: 'known-secret', keep: variant.keep });
        at = text.indexOf(variant.text, at + variant.text.length);
      }
    }
    this.windows.find(text, out, context);
  }

  private rebuild(): void {
    const all = new Map<string, number>();
    const add = (text: string, keep = 0) => {
      if (text.length >= MIN_KNOWN_SECRET_LENGTH && !all.has(text)) all.set(text, keep);
    };
    for (const value of this.counts.keys()) {
      add(value, genericKeep(value));
      // A multi-line value (a key file granted as a secret) would otherwise leak line by line
      // from a stream, which is cut between lines: each longer line is a secret on its own.
      if (value.includes('\n')) for (const line of value.split(/\r?\n/)) if (line.trim().length >= 8) add(line.trim());
      // The windows find every encoding of a long value, and any 12 of its characters: only short ones need the exact forms.
      if (windowed(value)) continue;
      add(JSON.stringify(value).slice(1, -1));
      add(encodeURIComponent(value));
      const b64 = Buffer.from(value, 'utf8').toString('base64').replace(/=+$/, '');
      add(b64);
      add(b64.replace(/\+/g, '-').replace(/\//g, '_'));
      add([...value].reverse().join(''));
      add(Buffer.from(value, 'utf8').toString('hex'));
    }
    // Longest first, so a value that contains another is masked whole.
    this.variants = [...all].map(([text, keep]) => ({ text, keep })).sort((a, b) => b.text.length - a.text.length);
    this.windows.rebuild([...this.counts.keys()].filter(windowed));
  }
}
