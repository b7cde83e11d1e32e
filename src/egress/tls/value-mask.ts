/**
 * Masks known values in a byte stream with a same-length run of `*`, so the
 * stream's framing (Content-Length, chunk sizes) stays right: what the proxy
 * does to a response from a secret's host, in case the host echoes the secret
 * it was sent. Holds back the last `longest - 1` bytes of each chunk so a
 * value split across chunks is still found.
 */
export class ValueMask {
  private readonly values: Buffer[];
  private readonly keep: number;
  private tail: Buffer = Buffer.alloc(0);

  constructor(values: readonly string[]) {
    this.values = values.filter((v) => v.length > 0).map((v) => Buffer.from(v, 'utf8'));
    this.keep = Math.max(0, ...this.values.map((v) => v.length - 1));
  }

  /** Masks a whole string at once (a header value). */
  static text(text: string, values: readonly string[]): string {
    let out = text;
    for (const v of values) if (v.length > 0 && out.includes(v)) out = out.split(v).join('*'.repeat(Buffer.byteLength(v)));
    return out;
  }

  /** The masked bytes that can go out now. */
  push(chunk: Buffer): Buffer {
    if (this.values.length === 0) return chunk;
    const buf = this.tail.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.tail, chunk]);
    for (const v of this.values) {
      for (let at = buf.indexOf(v); at !== -1; at = buf.indexOf(v, at + v.length)) buf.fill(0x2a, at, at + v.length);
    }
    const cut = Math.max(0, buf.length - this.keep);
    this.tail = buf.subarray(cut);
    return buf.subarray(0, cut);
  }

  /** What is still held back (the stream ended). */
  flush(): Buffer {
    const rest = this.tail;
    this.tail = Buffer.alloc(0);
    return rest;
  }
}
