/**
 * Masks known values in a byte stream with a same-length run of `*`, so the
 * stream's framing (Content-Length, chunk sizes) stays right: what the proxy
 * does to a response from a secret's host, in case the host echoes the secret
 * it was sent. Each chunk is masked where it lies (no copy of the body); only
 * its last `longest - 1` bytes are held back, so a value split across chunks
 * is still found where the two meet.
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

  /** The masked pieces that can go out now, in order (the chunk itself is masked in place). */
  push(chunk: Buffer): Buffer[] {
    if (chunk.length === 0) return [];
    if (this.values.length === 0) return [chunk];
    // Where the held-back bytes meet the new chunk: a value may straddle it.
    const seam = Buffer.concat([this.tail, chunk.subarray(0, Math.min(chunk.length, this.keep))]);
    maskAll(seam, this.values);
    if (chunk.length <= this.keep) {
      // A short chunk: the seam is all there is; hold back its last bytes, let the rest go.
      const cut = Math.max(0, seam.length - this.keep);
      this.tail = Buffer.from(seam.subarray(cut));
      return cut > 0 ? [seam.subarray(0, cut)] : [];
    }
    seam.copy(chunk, 0, this.tail.length);
    const out: Buffer[] = this.tail.length > 0 ? [seam.subarray(0, this.tail.length)] : [];
    maskAll(chunk, this.values);
    out.push(chunk.subarray(0, chunk.length - this.keep));
    this.tail = Buffer.from(chunk.subarray(chunk.length - this.keep));
    return out;
  }

  /** What is still held back (the stream ended). */
  flush(): Buffer {
    const rest = this.tail;
    this.tail = Buffer.alloc(0);
    return rest;
  }
}

/** Masks every value in `buf` in place; true when anything was masked. */
function maskAll(buf: Buffer, values: readonly Buffer[]): boolean {
  let any = false;
  for (const v of values) {
    for (let at = buf.indexOf(v); at !== -1; at = buf.indexOf(v, at + v.length)) {
      buf.fill(0x2a, at, at + v.length);
      any = true;
    }
  }
  return any;
}
